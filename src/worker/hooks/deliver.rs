//! Handing one event to a hook: a command through `sh -c` with the JSON on stdin, or a signed POST.
//! Each returns a short reason on failure, safe to show and store (never the secret).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The header carrying `sha256=` and the hex HMAC-SHA256 of the body under the hook's secret.
pub const SIGNATURE_HEADER: &str = "X-Wabi-Signature-256";

/// Runs `command` with `sh -c`, `input` on its stdin and `env` set; success is exit status 0
/// within `timeout`. An overrun, or `stop` being set (wabi is stopping), kills the command and
/// everything it started (its process group).
pub fn run_command(
    command: &str,
    input: &[u8],
    env: &[(&str, &str)],
    timeout: Duration,
    stop: &AtomicBool,
) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not start sh: {e}"))?;
    // Written from a thread: a command that never reads its stdin must not stall the hook.
    // Neither thread is joined: something the command left running in the background may hold
    // its pipes open for as long as it lives.
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let (said_tx, said_rx) = std::sync::mpsc::channel();
    if let Some(mut stderr) = child.stderr.take() {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            // Keeps the first 2 KiB for the error; reads the rest so the command never blocks.
            let _ = (&mut stderr).take(2048).read_to_end(&mut kept);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            let _ = said_tx.send(kept);
        });
    }
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() >= timeout || stop.load(Ordering::Relaxed) => {
                let group = rustix::process::Pid::from_child(&child);
                let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
                let _ = child.kill();
                let _ = child.wait();
                if stop.load(Ordering::Relaxed) {
                    break Err("stopped: wabi was stopping".into());
                }
                break Err(format!("timed out after {} s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => break Err(format!("waiting for the command: {e}")),
        }
    };
    let status = status?;
    if status.success() {
        return Ok(());
    }
    let stderr = said_rx.recv_timeout(Duration::from_millis(500)).unwrap_or_default();
    let said = crate::sanitize::one_line(String::from_utf8_lossy(&stderr).trim());
    let code = status.code().map_or_else(|| "killed by a signal".to_string(), |c| format!("exit status {c}"));
    Err(if said.is_empty() { code } else { format!("{code}: {said}") })
}

/// POSTs `body` to `url` with its signature; success is a 2xx answer.
pub fn post(
    agent: &ureq::Agent,
    url: &str,
    body: &[u8],
    secret: &[u8],
    headers: &[(&str, &str)],
) -> Result<(), String> {
    let signature = crate::transport::cloud::signature::sign(secret, body);
    let mut request =
        agent.post(url).header("Content-Type", "application/json").header(SIGNATURE_HEADER, &signature);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    match request.send(body) {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(format!("HTTP {}", response.status())),
        Err(e) => Err(crate::sanitize::one_line(&e.to_string())),
    }
}

/// Tries a TCP connection to the URL's host and port, so a wrong URL is said at start-up.
pub fn reachable(url: &str, timeout: Duration) -> Result<(), String> {
    use std::net::ToSocketAddrs;
    let lower = url.to_ascii_lowercase();
    let (rest, port) = match lower.strip_prefix("https://") {
        Some(_) => (&url[8..], 443),
        None => (url.get(7..).unwrap_or_default(), 80),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let target = if host_port.ends_with(']') || !host_port.contains(':') {
        format!("{host_port}:{port}")
    } else {
        host_port.to_string()
    };
    let addrs: Vec<_> =
        target.to_socket_addrs().map_err(|e| format!("cannot resolve {target}: {e}"))?.collect();
    let mut last = format!("{target} has no address");
    for addr in addrs {
        match std::net::TcpStream::connect_timeout(&addr, timeout) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("cannot connect to {target}: {e}"),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECS_10: Duration = Duration::from_secs(10);
    static GO: AtomicBool = AtomicBool::new(false);

    #[test]
    fn a_command_gets_stdin_and_its_failure_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        let cmd = format!("cat > '{}'; echo \"$WABI_EVENT\" >> '{}'", out.display(), out.display());
        run_command(&cmd, b"{\"a\":1}\n", &[("WABI_EVENT", "message.in")], SECS_10, &GO).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"a\":1}\nmessage.in\n");
        let err = run_command("echo nope >&2; exit 3", b"", &[], SECS_10, &GO).unwrap_err();
        assert_eq!(err, "exit status 3: nope");
    }

    #[test]
    fn a_command_that_overruns_is_killed_with_its_children() {
        let started = Instant::now();
        let err = run_command("sleep 30 & sleep 30", b"", &[], Duration::from_secs(1), &GO).unwrap_err();
        assert!(err.contains("timed out"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn an_unreachable_url_is_said() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        assert_eq!(reachable(&format!("http://127.0.0.1:{port}/hook"), Duration::from_secs(2)), Ok(()));
        drop(listener);
        let err = reachable(&format!("http://127.0.0.1:{port}/hook"), Duration::from_secs(2)).unwrap_err();
        assert!(err.contains("cannot connect"), "{err}");
    }
}
