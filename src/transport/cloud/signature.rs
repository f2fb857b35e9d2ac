//! Webhook signatures: `X-Hub-Signature-256: sha256=<hex>` is HMAC-SHA256 of the raw request body,
//! keyed with the app secret. The server checks it before parsing anything, so a forged or unsigned
//! POST never reaches the store.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The prefix Meta puts before the hex digest in `X-Hub-Signature-256`.
const PREFIX: &str = "sha256=";

/// Why a webhook POST's signature was refused. Every variant means "answer 401, store nothing".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    #[error("the X-Hub-Signature-256 header is not `sha256=` followed by 64 hex digits")]
    Malformed,
    #[error("the X-Hub-Signature-256 header does not match the body")]
    Mismatch,
}

/// Checks `header` (the value of `X-Hub-Signature-256`, if the request had one) against the raw
/// `body` bytes exactly as received. The digest is compared in constant time. Surrounding
/// whitespace and the case of the prefix and of the hex digits are accepted.
pub fn verify(app_secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let hex_digest = header
        .get(..PREFIX.len())
        .filter(|prefix| prefix.eq_ignore_ascii_case(PREFIX))
        .and_then(|_| header.get(PREFIX.len()..))
        .ok_or(SignatureError::Malformed)?;
    let expected = hex::decode(hex_digest).map_err(|_| SignatureError::Malformed)?;
    if expected.len() != 32 {
        return Err(SignatureError::Malformed);
    }
    mac(app_secret, body)
        .ok_or(SignatureError::Mismatch)?
        .verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The `X-Hub-Signature-256` header value Meta would send for `body`: `sha256=` and 64 lowercase
/// hex digits. For tests, the load script and a fake Graph API.
pub fn sign(app_secret: &[u8], body: &[u8]) -> String {
    let digest =
        mac(app_secret, body).map(|mac| hex::encode(mac.finalize().into_bytes())).unwrap_or_default();
    format!("{PREFIX}{digest}")
}

/// HMAC-SHA256 over `body`. HMAC accepts keys of any length, so `None` is never seen in practice;
/// it is mapped to a refusal (verify) or an unverifiable header (sign) rather than a panic.
fn mac(app_secret: &[u8], body: &[u8]) -> Option<HmacSha256> {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(app_secret).ok()?;
    mac.update(body);
    Some(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/cloud-api");
    const SECRET: &[u8] = b"1222e786b144d0e85b9f365372d93676";
    const HEADER: &str = "sha256=54edfa1d7259e0eb13c677cc7d73d1b5c86cfa12433d19156e058ab9251bc441";

    #[test]
    fn real_signed_body_from_meta_verifies() {
        let Ok(body) = std::fs::read(format!("{FIXTURES}/signed_body.json")) else {
            crate::errln!("skipped: {FIXTURES} is absent");
            return;
        };
        assert_eq!(verify(SECRET, &body, Some(HEADER)), Ok(()));
        assert_eq!(sign(SECRET, &body), HEADER);
    }

    #[test]
    fn real_signed_body_fails_when_one_byte_changes() {
        let Ok(mut body) = std::fs::read(format!("{FIXTURES}/signed_body.json")) else {
            crate::errln!("skipped: {FIXTURES} is absent");
            return;
        };
        body.push(b'\n');
        assert_eq!(verify(SECRET, &body, Some(HEADER)), Err(SignatureError::Mismatch));
    }

    #[test]
    fn signature_from_sign_verifies_and_other_secret_does_not() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let header = sign(b"secret", body);
        assert!(header.starts_with("sha256=") && header.len() == 7 + 64);
        assert_eq!(verify(b"secret", body, Some(&header)), Ok(()));
        assert_eq!(verify(b"other", body, Some(&header)), Err(SignatureError::Mismatch));
    }

    #[test]
    fn missing_header_is_missing_not_mismatch() {
        assert_eq!(verify(SECRET, b"{}", None), Err(SignatureError::Missing));
    }

    #[test]
    fn malformed_headers_are_told_apart_from_wrong_ones() {
        let good = sign(SECRET, b"{}");
        let digest = &good[7..];
        for header in [
            "",
            "sha256=",
            "sha1=0123",
            digest,
            "sha256=zz",
            "sha256=abc",
            &format!("sha256={}", &digest[..62]),
            &format!("sha256={digest}00"),
            "sha256=é",
        ] {
            assert_eq!(verify(SECRET, b"{}", Some(header)), Err(SignatureError::Malformed), "{header:?}");
        }
        let wrong = format!("sha256={}", "0".repeat(64));
        assert_eq!(verify(SECRET, b"{}", Some(&wrong)), Err(SignatureError::Mismatch));
    }

    #[test]
    fn prefix_and_hex_case_and_surrounding_spaces_are_accepted() {
        let good = sign(SECRET, b"{}");
        let shouted = format!("  SHA256={} ", good[7..].to_uppercase());
        assert_eq!(verify(SECRET, b"{}", Some(&shouted)), Ok(()));
    }
}
