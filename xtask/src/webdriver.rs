//! A minimal W3C WebDriver client for ChromeDriver over plain HTTP/1.1 on
//! loopback (std only).

use crate::json::{self, quote, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free TCP port on 127.0.0.1 (bound, then released for the caller).
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; returns the status and body.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
    timeout: Duration,
) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .map_err(|e| format!("connect 127.0.0.1:{port}: {e}"))?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    let body = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes())
        .map_err(|e| format!("{method} {path}: {e}"))?;
    // ChromeDriver keeps the connection open despite `Connection: close`:
    // read until the reply is complete rather than until end of stream.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        if reply_complete(&raw) {
            break;
        }
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("{method} {path}: reading the reply: {e}")),
        }
    }
    parse_response(&raw).map_err(|e| format!("{method} {path}: {e}"))
}

/// Whether `raw` holds a whole HTTP response (by Content-Length, or the last
/// chunk of a chunked body); without either, the reply ends with the stream.
fn reply_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let headers = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    if headers.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    match headers
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        Some(len) => body.len() >= len,
        None => false,
    }
}

/// Split a raw HTTP/1.1 response into status and body (handles chunked bodies).
pub fn parse_response(raw: &[u8]) -> Result<(u16, String), String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers in the reply")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or("no status line in the reply")?;
    let headers = head.to_ascii_lowercase();
    if headers.contains("transfer-encoding: chunked") {
        body = dechunk(&body)?;
    } else if let Some(len) = headers
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        body.truncate(len);
    }
    Ok((
        status,
        String::from_utf8(body).map_err(|_| "reply is not UTF-8")?,
    ))
}

fn dechunk(mut b: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk header")?;
        let size_text = String::from_utf8_lossy(&b[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "bad chunk size")?;
        b = &b[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size {
            return Err("truncated chunk".into());
        }
        out.extend_from_slice(&b[..size]);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
}

/// The key of a web element reference in W3C WebDriver JSON (also what an
/// action's `origin` takes to move relative to an element's centre).
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running ChromeDriver with (at most) one browser session; both end on drop.
pub struct Driver {
    port: u16,
    child: Child,
    session: Option<String>,
}

impl Driver {
    /// Start `chromedriver` on a free loopback port and wait (bounded) until it answers.
    pub fn start(chromedriver: &Path, log: &Path) -> Result<Driver, String> {
        let port = free_port().map_err(|e| format!("no free port: {e}"))?;
        let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", chromedriver.display()))?;
        let mut driver = Driver {
            port,
            child,
            session: None,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, body)) = http(port, "GET", "/status", None, Duration::from_secs(5)) {
                let ready = json::parse(&body)
                    .ok()
                    .and_then(|v| v.get("value").and_then(|v| v.get("ready")).cloned());
                if ready == Some(Value::Bool(true)) {
                    return Ok(driver);
                }
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!(
                    "chromedriver exited early ({status}); see {}",
                    log.display()
                ));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "chromedriver did not answer within 30 s; see {}",
                    log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Send a command; returns the reply's `value`, or the WebDriver error.
    pub fn cmd(&self, method: &str, path: &str, body: Option<&str>) -> Result<Value, String> {
        let (status, text) = http(self.port, method, path, body, Duration::from_secs(120))?;
        let reply = json::parse(&text).map_err(|e| format!("{method} {path}: {e}: {text}"))?;
        let value = reply.get("value").cloned().unwrap_or(Value::Null);
        if status != 200 {
            let err = value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("error");
            let msg = value
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or(&text);
            return Err(format!("{method} {path}: HTTP {status}: {err}: {msg}"));
        }
        Ok(value)
    }

    /// Open a headless Chromium session with browser console logging on.
    pub fn new_session(&mut self, chromium: Option<&Path>, args: &[String]) -> Result<(), String> {
        let args: Vec<String> = args.iter().map(|a| quote(a)).collect();
        let binary = chromium
            .map(|p| format!(",\"binary\":{}", quote(&p.to_string_lossy())))
            .unwrap_or_default();
        let caps = format!(
            r#"{{"capabilities":{{"alwaysMatch":{{"browserName":"chrome","goog:chromeOptions":{{"args":[{}]{binary}}},"goog:loggingPrefs":{{"browser":"ALL"}}}}}}}}"#,
            args.join(",")
        );
        let value = self.cmd("POST", "/session", Some(&caps))?;
        let id = value
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or("no sessionId in the reply")?;
        self.session = Some(id.to_string());
        Ok(())
    }

    fn session_path(&self, tail: &str) -> Result<String, String> {
        let id = self.session.as_deref().ok_or("no WebDriver session")?;
        Ok(format!("/session/{id}{tail}"))
    }

    pub fn navigate(&self, url: &str) -> Result<(), String> {
        self.cmd(
            "POST",
            &self.session_path("/url")?,
            Some(&format!("{{\"url\":{}}}", quote(url))),
        )
        .map(|_| ())
    }

    /// Run `script` (a function body; use `return`) in the page.
    pub fn execute(&self, script: &str) -> Result<Value, String> {
        let body = format!("{{\"script\":{},\"args\":[]}}", quote(script));
        self.cmd("POST", &self.session_path("/execute/sync")?, Some(&body))
    }

    /// The WebDriver reference of the first element matching a CSS selector.
    pub fn find_element(&self, css: &str) -> Result<String, String> {
        let body = format!("{{\"using\":\"css selector\",\"value\":{}}}", quote(css));
        let value = self.cmd("POST", &self.session_path("/element")?, Some(&body))?;
        value
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .map(String::from)
            .ok_or_else(|| format!("no element reference for {css}: {}", value.to_json()))
    }

    /// Perform input actions (W3C Actions API): `sources` is the JSON array
    /// of input sources, each with its `actions`. Returns once they are done.
    pub fn perform_actions(&self, sources: &str) -> Result<(), String> {
        let body = format!("{{\"actions\":{sources}}}");
        self.cmd("POST", &self.session_path("/actions")?, Some(&body))
            .map(|_| ())
    }

    /// Release every pressed key and button (W3C Release Actions).
    pub fn release_actions(&self) -> Result<(), String> {
        self.cmd("DELETE", &self.session_path("/actions")?, None)
            .map(|_| ())
    }

    /// The browser console log since the last call: (level, message) pairs.
    pub fn browser_log(&self) -> Result<Vec<(String, String)>, String> {
        let body = r#"{"type":"browser"}"#;
        // ChromeDriver serves the (non-W3C) log command under both paths,
        // depending on its version; try the W3C-extension one first.
        let value = match self.cmd("POST", &self.session_path("/se/log")?, Some(body)) {
            Ok(v) => v,
            Err(first) => self
                .cmd("POST", &self.session_path("/log")?, Some(body))
                .map_err(|second| format!("{first}; {second}"))?,
        };
        let entries = value
            .as_array()
            .ok_or_else(|| format!("the browser log is not a list: {}", value.to_json()))?;
        Ok(entries
            .iter()
            .map(|e| {
                let level = e
                    .get("level")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string();
                let msg = e
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                (level, msg)
            })
            .collect())
    }

    /// Resize the browser window (W3C Set Window Rect); in headless Chromium
    /// the viewport is the whole window.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        let body = format!("{{\"width\":{width},\"height\":{height}}}");
        self.cmd("POST", &self.session_path("/window/rect")?, Some(&body))
            .map(|_| ())
    }

    /// Click an element the way a user would (W3C Element Click): ChromeDriver
    /// scrolls it into view and fails if it is hidden or another element
    /// would take the click.
    pub fn click(&self, element: &str) -> Result<(), String> {
        self.cmd(
            "POST",
            &self.session_path(&format!("/element/{element}/click"))?,
            Some("{}"),
        )
        .map(|_| ())
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let value = self.cmd("GET", &self.session_path("/screenshot")?, None)?;
        json::base64_decode(value.as_str().ok_or("the screenshot is not a string")?)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(id) = self.session.take() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{id}"),
                None,
                Duration::from_secs(20),
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The host part of a URL, or None for URLs without one (data:, blob:, about:).
pub fn url_host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        format!("[{}]", v6.split(']').next().unwrap_or(""))
    } else {
        authority.split(':').next().unwrap_or("").to_string()
    };
    Some(host.to_ascii_lowercase())
}

pub fn is_loopback_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if ["data:", "blob:", "about:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return true;
    }
    match url_host(url) {
        Some(h) => {
            h == "localhost"
                || h == "[::1]"
                || h.parse::<std::net::Ipv4Addr>()
                    .is_ok_and(|a| a.is_loopback())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked_replies() {
        let plain =
            b"HTTP/1.1 200 OK\r\nContent-Length:2\r\nContent-Type: application/json\r\n\r\n{}";
        assert!(reply_complete(plain) && !reply_complete(&plain[..plain.len() - 1]));
        assert_eq!(parse_response(plain).unwrap(), (200, "{}".to_string()));
        let chunked = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n";
        assert!(reply_complete(chunked) && !reply_complete(&chunked[..chunked.len() - 3]));
        assert_eq!(
            parse_response(chunked).unwrap(),
            (404, "{\"a\":1}".to_string())
        );
        assert!(parse_response(b"garbage").is_err());
    }

    #[test]
    fn tells_loopback_urls_from_the_rest() {
        for ok in [
            "http://127.0.0.1:8080/index.html",
            "http://localhost/x.wasm",
            "http://[::1]:3000/",
            "data:,",
            "blob:http://127.0.0.1:1/abc",
            "ws://127.0.0.1:9/socket",
        ] {
            assert!(is_loopback_url(ok), "{ok}");
        }
        for bad in [
            "https://fonts.googleapis.com/css",
            "http://example.com:80/",
            "http://user@evil.test/",
            "http://127.0.0.1.evil.test/",
            "chrome-extension://abc/x.js",
            "//cdn.test/x.js",
        ] {
            assert!(!is_loopback_url(bad), "{bad}");
        }
    }
}
