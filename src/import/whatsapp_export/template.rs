//! The header of the line before, as a byte pattern: a big export writes nearly every header
//! the same way, so most lines are read by comparing eight bytes at a time and adding up
//! digits, and only the others by the full [`scan`].

use super::chars::digit_value;
use super::header::{RawHeader, scan};

/// The longest header prefix a pattern covers, in 8-byte words (`[12/03/2024, 14:05:09] ` is
/// 23 bytes; invisible marks add 3 bytes each). Longer headers are always read by [`scan`].
const WORDS: usize = 6;

/// The high and low nibbles of eight bytes, and the bit that carries out of a low nibble.
const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
const LOW: u64 = 0x0F0F_0F0F_0F0F_0F0F;
const ZEROS: u64 = 0x3030_3030_3030_3030;
const SIXES: u64 = 0x0606_0606_0606_0606;
const CARRY: u64 = 0x1010_1010_1010_1010;

#[derive(Default)]
pub(super) struct Template {
    /// The header the pattern was learnt from (its numbers are replaced on a match).
    header: Option<RawHeader>,
    /// The header's length in bytes, up to where the author starts.
    len: usize,
    /// Per 8-byte word of the header: its bytes that are not digits, and masks of those bytes
    /// and of the digits. Beyond `len` both masks are zero.
    literal: [u64; WORDS],
    literal_mask: [u64; WORDS],
    digit_mask: [u64; WORDS],
    /// Where each number starts and how many digits it has, in the order written.
    numbers: [(u8, u8); 6],
}

impl Template {
    /// [`scan`], by the pattern of the last header when the line has it.
    pub(super) fn scan(&mut self, line: &str) -> Option<RawHeader> {
        if let Some(h) = self.matching(line.as_bytes()) {
            debug_assert_eq!(Some(h), scan(line), "{line:?}");
            return Some(h);
        }
        let h = scan(line)?;
        self.learn(line, h);
        Some(h)
    }

    fn learn(&mut self, line: &str, h: RawHeader) {
        self.header = None;
        let Some(head) = line.get(..h.rest) else { return };
        // Only a header that ends in a plain space has its end fixed by its bytes; one whose
        // numbers are not all ASCII digits cannot be read by adding them up.
        let ascii_numbers = head.chars().all(|c| c.is_ascii_digit() || digit_value(c).is_none());
        if !ascii_numbers || !matches!(head.as_bytes().last(), Some(b' ' | b'\t')) || head.len() > WORDS * 8 {
            return;
        }
        let mut numbers = Vec::with_capacity(6);
        *self = Template { len: head.len(), ..Template::default() };
        for (i, &b) in head.as_bytes().iter().enumerate() {
            let (word, shift) = (i / 8, (i % 8) * 8);
            let (Some(literal), Some(literal_mask), Some(digit_mask)) =
                (self.literal.get_mut(word), self.literal_mask.get_mut(word), self.digit_mask.get_mut(word))
            else {
                return;
            };
            if b.is_ascii_digit() {
                *digit_mask |= 0xFF << shift;
                match numbers.last_mut() {
                    Some((start, len)) if usize::from(*start) + usize::from(*len) == i => *len += 1,
                    _ => numbers.push((i as u8, 1)),
                }
            } else {
                *literal |= u64::from(b) << shift;
                *literal_mask |= 0xFF << shift;
            }
        }
        if numbers.len() != 5 + usize::from(h.shape.seconds) {
            return;
        }
        for (slot, n) in self.numbers.iter_mut().zip(numbers) {
            *slot = n;
        }
        self.header = Some(h);
        // The pattern must read its own line as the full scan did, or it is not used.
        if self.matching(line.as_bytes()) != Some(h) {
            self.header = None;
        }
    }

    fn matching(&self, bytes: &[u8]) -> Option<RawHeader> {
        let mut h = self.header?;
        if bytes.len() < self.len {
            return None;
        }
        // More blanks or marks after the pattern would belong to the header.
        if bytes.get(self.len).is_some_and(|&b| b == b' ' || b == b'\t' || b >= 0x80) {
            return None;
        }
        let words = self.len.div_ceil(8);
        for k in 0..words {
            let (Some(&literal), Some(&literal_mask), Some(&digit_mask)) =
                (self.literal.get(k), self.literal_mask.get(k), self.digit_mask.get(k))
            else {
                return None;
            };
            let w = load(bytes, k * 8);
            // The header's own bytes must be as learnt, and its digits must be ASCII digits: a
            // high nibble of 3 and a low one that adding 6 does not carry out of.
            let bad = ((w ^ literal) & literal_mask)
                | (((w & HIGH) ^ ZEROS) & digit_mask)
                | ((((w & LOW) + SIXES) & CARRY) & digit_mask);
            if bad != 0 {
                return None;
            }
        }
        let mut values = [0u32; 6];
        let count = 5 + usize::from(h.shape.seconds);
        for (value, &(start, len)) in values.iter_mut().zip(&self.numbers).take(count) {
            let digits = bytes.get(usize::from(start)..usize::from(start) + usize::from(len))?;
            *value = digits.iter().fold(0, |v, &d| v * 10 + u32::from(d - b'0'));
        }
        let (date, time) = if h.shape.time_first {
            (values.get(count - 3..count)?, values.get(..count - 3)?)
        } else {
            (values.get(..3)?, values.get(3..count)?)
        };
        let (hour, minute) = (*time.first()?, *time.get(1)?);
        let second = if h.shape.seconds { *time.get(2)? } else { 0 };
        if hour > 24 || minute >= 60 || second >= 61 {
            return None;
        }
        for (field, &v) in h.fields.iter_mut().zip(date) {
            *field = u16::try_from(v).unwrap_or(u16::MAX);
        }
        h.hour = hour as u8;
        h.minute = minute as u8;
        h.second = second as u8;
        Some(h)
    }
}

/// Eight bytes of `bytes` from `at`, little-endian, zero past the end.
#[inline]
fn load(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        _ => {
            let mut word = [0u8; 8];
            let tail = bytes.get(at..).unwrap_or_default();
            for (w, &b) in word.iter_mut().zip(tail) {
                *w = b;
            }
            u64::from_le_bytes(word)
        }
    }
}
