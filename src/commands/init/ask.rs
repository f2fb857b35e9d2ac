//! The questions of `wabi init --interactive`: one line each from the input, Enter takes the
//! default shown in brackets. On a terminal a bad answer is asked again; from a pipe or file it is
//! exit 2 naming it, before anything is written.

use std::io::{BufRead, Write};

use chrono_tz::Tz;

use super::super::CliError;
use crate::config::TransportKind;
use crate::config::starter::{Answers, LANGUAGES};
use crate::hours::words::{describe_week, parse_week};

/// What the questions offer when the user presses Enter.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub timezone: Tz,
    pub language: String,
}

impl Defaults {
    /// The machine's time zone and, when wabi knows it, the language of its locale.
    pub fn from_machine() -> Defaults {
        Defaults { timezone: machine_zone(), language: machine_language() }
    }
}

/// Asks every question in turn. `again` re-asks after a bad answer (a person at a terminal).
pub fn ask_all(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    again: bool,
    defaults: &Defaults,
) -> Result<Answers, CliError> {
    let mut q = Questions { input, output, again };
    let business_name = q.ask("Business name", "My Business", |s| {
        if s.chars().any(char::is_control) {
            Err("business name: control characters are not allowed".to_string())
        } else {
            Ok(s.to_string())
        }
    })?;
    let timezone = q.ask("Time zone", defaults.timezone.name(), |s| {
        s.parse::<Tz>()
            .map_err(|_| format!("time zone: {s:?} is not an IANA time zone such as \"Europe/Madrid\""))
    })?;
    let week = q.ask("Opening hours, such as \"mon-fri 9-18, sat 10-14\"", "mon-fri 9-18", |s| {
        parse_week(s).map_err(|e| e.to_string())
    })?;
    q.say(&format!("  read as: {}", describe_week(&week)))?;
    let away = q.ask("Send the away message when you are closed? (yes/no)", "yes", yes_no)?;
    let transport = q.ask(
        "Transport: none (nothing is sent), demo (simulated customers) or cloud (WhatsApp Cloud API)",
        "none",
        |s| match s.to_lowercase().as_str() {
            "none" => Ok(TransportKind::None),
            "demo" => Ok(TransportKind::Demo),
            "cloud" => Ok(TransportKind::Cloud),
            _ => Err(format!("transport: {s:?} is not one of none, demo, cloud")),
        },
    )?;
    let phone_number_id = if transport == TransportKind::Cloud {
        q.ask("Phone number id from Meta's dashboard (Enter to fill it in later)", "", |s| {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                Ok(s.to_string())
            } else {
                Err(format!("phone number id: {s:?} is not digits (Meta's dashboard shows it)"))
            }
        })?
    } else {
        String::new()
    };
    let language = q.ask(
        &format!("Language of day names in automatic messages ({})", LANGUAGES.join(" ")),
        &defaults.language,
        |s| {
            let code = s.to_lowercase();
            if LANGUAGES.contains(&code.as_str()) {
                Ok(code)
            } else {
                Err(format!("language: {s:?} is not one of {}", LANGUAGES.join(", ")))
            }
        },
    )?;
    Ok(Answers { business_name, timezone, week, away, transport, phone_number_id, language })
}

struct Questions<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    again: bool,
}

impl Questions<'_> {
    /// Asks until `parse` takes the answer (or once, without `again`). End of input is Enter.
    fn ask<T>(
        &mut self,
        question: &str,
        default: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, CliError> {
        loop {
            write!(self.output, "{question} [{default}]: ").and_then(|()| self.output.flush())?;
            let mut line = String::new();
            let read = self.input.read_line(&mut line)?;
            let answer = line.trim();
            let answer = if answer.is_empty() { default } else { answer };
            if !self.again {
                // Not a terminal: show the answer taken, so the transcript reads as a dialogue.
                writeln!(self.output, "{answer}").and_then(|()| self.output.flush())?;
            }
            match parse(answer) {
                Ok(value) => return Ok(value),
                Err(message) if self.again && read > 0 => writeln!(self.output, "  {message}")?,
                Err(message) => return Err(CliError::bad(message)),
            }
        }
    }

    fn say(&mut self, text: &str) -> Result<(), CliError> {
        writeln!(self.output, "{text}")?;
        Ok(())
    }
}

fn yes_no(s: &str) -> Result<bool, String> {
    match s.to_lowercase().as_str() {
        "y" | "yes" | "on" | "true" => Ok(true),
        "n" | "no" | "off" | "false" => Ok(false),
        _ => Err(format!("{s:?}: answer yes or no")),
    }
}

/// `$TZ` when it names a zone, else the system's zone, else UTC.
fn machine_zone() -> Tz {
    let from_env = std::env::var("TZ").ok().and_then(|tz| tz.trim_start_matches(':').parse::<Tz>().ok());
    from_env
        .or_else(|| iana_time_zone::get_timezone().ok().and_then(|name| name.parse::<Tz>().ok()))
        .unwrap_or(Tz::UTC)
}

/// The language of `$LC_ALL`, `$LC_MESSAGES` or `$LANG` (`es_ES.UTF-8` → `es`) when wabi has it.
fn machine_language() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
        .map(|v| v.chars().take_while(char::is_ascii_alphabetic).collect::<String>().to_lowercase())
        .next()
        .filter(|code| LANGUAGES.contains(&code.as_str()))
        .unwrap_or_else(|| "en".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults {
        Defaults { timezone: "Europe/Madrid".parse().unwrap(), language: "es".into() }
    }

    fn run(input: &str, again: bool) -> (Result<Answers, CliError>, String) {
        let mut out = Vec::new();
        let result = ask_all(&mut input.as_bytes(), &mut out, again, &defaults());
        (result, String::from_utf8(out).unwrap())
    }

    #[test]
    fn every_answer_is_taken() {
        let (answers, out) =
            run("Lopez Flowers\nAmerica/Bogota\nmon-sat 8-20\nno\ncloud\n10987\nfr\n", false);
        let a = answers.unwrap();
        assert_eq!(a.business_name, "Lopez Flowers");
        assert_eq!(a.timezone.name(), "America/Bogota");
        assert_eq!(describe_week(&a.week), "mon-sat 08:00-20:00");
        assert!(!a.away);
        assert_eq!(a.transport, TransportKind::Cloud);
        assert_eq!(a.phone_number_id, "10987");
        assert_eq!(a.language, "fr");
        assert!(out.contains("Time zone [Europe/Madrid]: America/Bogota\n"), "{out}");
        assert!(out.contains("read as: mon-sat 08:00-20:00"), "{out}");
    }

    #[test]
    fn enter_and_end_of_input_take_the_defaults() {
        let (answers, _) = run("\n\n", false);
        let a = answers.unwrap();
        assert_eq!(a.business_name, "My Business");
        assert_eq!(a.timezone.name(), "Europe/Madrid");
        assert_eq!(describe_week(&a.week), "mon-fri 09:00-18:00");
        assert!(a.away);
        assert_eq!(a.transport, TransportKind::None);
        assert_eq!(a.phone_number_id, "", "no phone number id question without cloud");
        assert_eq!(a.language, "es");
    }

    #[test]
    fn a_bad_answer_from_a_pipe_is_one_error_naming_it() {
        let (answers, _) = run("Shop\nUTC\nmon-fri 9-25\n", false);
        let message = answers.unwrap_err().message;
        assert!(message.contains("\"9-25\" is not a time range"), "{message}");
        for (input, named) in [
            ("Shop\nMars/Olympus\n", "\"Mars/Olympus\" is not an IANA time zone"),
            ("Shop\n\n\nmaybe\n", "\"maybe\": answer yes or no"),
            ("Shop\n\n\n\ncarrier pigeon\n", "\"carrier pigeon\" is not one of none, demo, cloud"),
            ("Shop\n\n\n\n\nklingon\n", "\"klingon\" is not one of en, es"),
        ] {
            let e = run(input, false).0.unwrap_err();
            assert_eq!(e.code, 2);
            assert!(e.message.contains(named), "{input:?}: {}", e.message);
        }
    }

    #[test]
    fn at_a_terminal_a_bad_answer_is_asked_again() {
        let (answers, out) = run("Shop\nMars/Olympus\nAsia/Tokyo\nmon-fry 9-18\nmon-fri 9-18\n", true);
        assert_eq!(answers.unwrap().timezone.name(), "Asia/Tokyo");
        assert!(out.contains("  time zone: \"Mars/Olympus\" is not an IANA time zone"), "{out}");
        assert!(out.contains("\"mon-fry\" is neither days"), "{out}");
    }
}
