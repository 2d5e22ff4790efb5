//! `sibyl serve`: the workshop page's server, tested through real HTTP on loopback. Each
//! test starts its own server (`--port 0`) as a child process, killed when the test ends.
//!
//! The browser test (`tests/browser/serve.mjs`) needs node, `npm ci --prefix
//! tests/browser` and Chromium at /usr/bin/chromium (or $CHROMIUM). Without them it prints
//! a loud notice and passes, unless SIBYL_CI is set (as CI sets it): then it fails. Its
//! screenshots stay in target/tmp/serve/ to look at.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::util;

/// A running `sibyl serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// The second line printed at start: where it listens, and who can reach it.
    notice: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("sibyl"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sibyl serve starts");
        let mut first = String::new();
        let mut notice = String::new();
        let mut out = BufReader::new(child.stdout.as_mut().expect("stdout"));
        out.read_line(&mut first).expect("the address line");
        out.read_line(&mut notice).expect("where it listens");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        Server {
            child,
            port,
            notice,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// A request with this Host header (None: no Host header, as HTTP/1.0 allows).
    fn send(&self, method: &str, path: &str, host: Option<&str>, body: Option<&[u8]>) -> Reply {
        send(self.port, method, path, host, body)
    }

    fn get(&self, path: &str) -> Reply {
        self.send("GET", path, Some(&format!("127.0.0.1:{}", self.port)), None)
    }

    fn post(&self, path: &str, body: &Value) -> Reply {
        post(self.port, path, body)
    }
}

fn post(port: u16, path: &str, body: &Value) -> Reply {
    send(
        port,
        "POST",
        path,
        Some(&format!("localhost:{port}")),
        Some(body.to_string().as_bytes()),
    )
}

fn send(port: u16, method: &str, path: &str, host: Option<&str>, body: Option<&[u8]>) -> Reply {
    {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/{}\r\nConnection: close\r\n",
            if host.is_some() { "1.1" } else { "1.0" }
        );
        if let Some(h) = host {
            head.push_str(&format!("Host: {h}\r\n"));
        }
        if let Some(b) = body {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        if let Some(b) = body {
            // The server may answer (413) before it has read the whole body.
            let _ = s.write_all(b);
        }
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        Reply::parse(&raw)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        // Bodies come whole (Content-Length) or chunked; the tests' bodies are read whole.
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        Reply {
            status,
            head: head.to_string(),
            body,
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

fn example(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The OpenAPI document's schema `name` as a JSON Schema: `nullable: true` becomes a type
/// that admits null, and references resolve within the document.
fn api_schema(name: &str) -> Value {
    fn nullable(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if m.remove("nullable") == Some(Value::Bool(true)) {
                    if let Some(t) = m.get("type").cloned() {
                        m.insert("type".into(), json!([t, "null"]));
                    }
                }
                m.values_mut().for_each(nullable);
            }
            Value::Array(a) => a.iter_mut().for_each(nullable),
            _ => {}
        }
    }
    let mut doc: Value = serde_json::from_str(&example("docs/openapi.json")).unwrap();
    nullable(&mut doc);
    json!({"$ref": format!("#/components/schemas/{name}"), "components": doc["components"]})
}

/// Checks an answer against its schema in docs/openapi.json.
fn conforms(value: &Value, name: &str) {
    let validator = jsonschema::draft4::new(&api_schema(name)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn every_answer_matches_the_openapi_document() {
    let s = Server::start(&[]);
    conforms(&s.get("/api/deals").json(), "Deals");
    conforms(&s.get("/api/messages?lang=bg").json(), "Messages");
    conforms(&s.get("/api/explain?deal=peterborough").json(), "Explained");
    let run = s.post(
        "/api/run",
        &json!({"deal": "peterborough", "trials": 500, "charts": true, "set": {"effect": 0.05}}),
    );
    conforms(&run.json(), "RunAnswer");
    conforms(
        &s.post(
            "/api/compare",
            &json!({"deal": "peterborough", "trials": 500}),
        )
        .json(),
        "CompareAnswer",
    );
    conforms(
        &s.post("/api/check", &json!({"contract": "[deal]\nname = 1\n"}))
            .json(),
        "Checked",
    );
    conforms(
        &s.post(
            "/api/check",
            &json!({"contract": example("contracts/peterborough.toml"),
                    "scenario": example("scenarios/peterborough.toml")}),
        )
        .json(),
        "Checked",
    );
    conforms(
        &s.post("/api/settle", &json!({"deal": "utah-preschool"}))
            .json(),
        "Settled",
    );
    for error in [
        s.get("/api/explain?deal=peterborough&lang=xx&lang=yy"),
        s.get("/nowhere"),
        s.post("/api/run", &json!({"deal": "x"})),
        s.post("/api/run", &json!({"contract": "x", "scenario": "y"})),
        s.send("GET", "/", Some("evil.example"), None),
    ] {
        assert!(error.status >= 400);
        conforms(&error.json(), "Error");
    }
    // The document itself says where each schema is used, and the server serves it.
    let doc: Value = serde_json::from_str(&example("docs/openapi.json")).unwrap();
    assert_eq!(s.get("/api/openapi.json").json(), doc);
}

#[test]
fn the_page_the_library_and_the_openapi_document() {
    let s = Server::start(&[]);
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(page.head.contains("text/html"));
    assert!(page.body.contains("/page.js"));
    assert!(
        page.head
            .to_ascii_lowercase()
            .contains("content-security-policy")
    );
    assert_eq!(s.get("/page.js").status, 200);
    assert_eq!(s.get("/page.css").status, 200);
    let deals = s.get("/api/deals").json();
    assert_eq!(deals["format_version"], "1");
    let list = deals["deals"].as_array().unwrap();
    let p = list.iter().find(|d| d["id"] == "peterborough").unwrap();
    assert_eq!(p["has_observed"], true);
    assert_eq!(p["sliders"][0]["id"], "effect");
    assert!(
        p["designs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "peterborough-rate-card")
    );
    let api = s.get("/api/openapi.json").json();
    assert_eq!(api["openapi"], "3.0.3");
    let missing = s.get("/nowhere");
    assert_eq!(missing.status, 404);
    assert!(missing.error().contains("no such page"));
    let messages = s.get("/api/messages?lang=sv").json();
    assert_eq!(messages["messages"]["page-deal"], "Avtal");
    assert_eq!(s.get("/api/messages?lang=xx").status, 400);
}

#[test]
fn it_says_who_can_reach_it() {
    let s = Server::start(&[]);
    assert!(
        s.notice.contains("this machine only (127.0.0.1)"),
        "{}",
        s.notice
    );
    // A loopback address given is still this machine only.
    let s = Server::start(&["--host", "127.0.0.1"]);
    assert!(
        s.notice.contains("this machine only (127.0.0.1)"),
        "{}",
        s.notice
    );
    assert_eq!(s.get("/api/deals").status, 200);
    let s = Server::start(&["--host", "0.0.0.0"]);
    assert!(s.notice.contains("as --host asked"), "{}", s.notice);
    assert_eq!(s.get("/api/deals").status, 200);
}

#[test]
fn requests_for_another_host_are_refused() {
    let s = Server::start(&[]);
    let port = s.port;
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
        format!("localhost.evil.example:{port}"),
    ] {
        let r = s.send("GET", "/api/deals", Some(&host), None);
        assert_eq!(r.status, 403, "{host}");
        assert!(r.error().contains("Host header"), "{}", r.body);
    }
    assert_eq!(s.send("GET", "/api/deals", None, None).status, 403);
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            s.send("GET", "/api/deals", Some(&host), None).status,
            200,
            "{host}"
        );
    }
}

#[test]
fn a_run_answers_what_sibyl_run_prints_and_sliders_move_it_on_common_random_numbers() {
    let s = Server::start(&[]);
    let ask = |set: Value| {
        let r = s.post(
            "/api/run",
            &json!({"deal": "peterborough", "trials": 4096, "seed": 3, "set": set}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    };
    let central = ask(json!({}));
    let cli = util::json(&[
        "run",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--trials",
        "4096",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(central["summary"], cli);
    assert!(central.get("charts").is_none());
    // The same request again: the same numbers.
    assert_eq!(ask(json!({}))["summary"], central["summary"]);
    // A weaker effect: investors lose more often, on the same random numbers.
    let weak = ask(json!({"effect": 0.0}));
    let loss = |v: &Value| {
        v["summary"]["probabilities"]["tranche.bonds.loss"]["p"]
            .as_f64()
            .unwrap()
    };
    assert!(
        loss(&weak) > loss(&central),
        "{} vs {}",
        loss(&weak),
        loss(&central)
    );
    assert_eq!(weak["set"]["effect"], 0.0);
    // Charts in Finnish.
    let charted = s.post(
        "/api/run",
        &json!({"deal": "peterborough", "trials": 1000, "charts": true, "lang": "fi"}),
    );
    assert_eq!(charted.status, 200);
    let charts = charted.json()["charts"].as_array().unwrap().clone();
    let names: Vec<&str> = charts.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"moic-bonds") && names.contains(&"years-moj"),
        "{names:?}"
    );
    assert!(
        charts
            .iter()
            .all(|c| c["svg"].as_str().unwrap().starts_with("<svg"))
    );
    // Another design of the deal.
    let rate_card = s.post(
        "/api/run",
        &json!({"deal": "peterborough", "design": "peterborough-rate-card", "trials": 1000}),
    );
    assert_eq!(rate_card.status, 200, "{}", rate_card.body);
    assert_eq!(
        rate_card.json()["summary"]["contract"]["path"],
        "contracts/peterborough-rate-card.toml"
    );
}

#[test]
fn bad_requests_say_what_is_wrong() {
    let s = Server::start(&[]);
    let cases: &[(Value, u16, &str)] = &[
        (
            json!({"deal": "peterborough", "trials": 0}),
            400,
            "trials must be from 1 to 200000",
        ),
        (
            json!({"deal": "peterborough", "trials": 200_001}),
            400,
            "trials must be",
        ),
        (json!({"deal": "atlantis"}), 404, "no deal `atlantis`"),
        (
            json!({"deal": "peterborough", "design": "x"}),
            404,
            "no design `x`",
        ),
        (
            json!({"deal": "peterborough", "colour": 1}),
            400,
            "unknown field `colour`",
        ),
        (
            json!({"deal": "peterborough", "set": {"luck": 1}}),
            400,
            "no slider `luck`",
        ),
        (
            json!({"deal": "peterborough", "set": {"effect": 9}}),
            400,
            "slider `effect` goes from",
        ),
        (json!({}), 400, "give either `deal`"),
        (
            json!({"deal": "peterborough", "contract": "x", "scenario": "y"}),
            400,
            "give either",
        ),
        (
            json!({"deal": "peterborough", "lang": "xx"}),
            400,
            "no language `xx`",
        ),
        (
            json!({"deal": "peterborough", "trials": -3}),
            400,
            "not the JSON expected",
        ),
    ];
    for (body, status, message) in cases {
        let r = s.post("/api/run", body);
        assert_eq!(r.status, *status, "{body}: {}", r.body);
        assert!(r.error().contains(message), "{body}: {}", r.body);
    }
    let r = s.send(
        "POST",
        "/api/run",
        Some(&format!("127.0.0.1:{}", s.port)),
        Some(b"{not json"),
    );
    assert_eq!(r.status, 400);
    // Pasted files that do not validate: every error with its line and column.
    let broken =
        example("contracts/peterborough.toml").replacen("currency = \"GBP\"", "currency = 42", 1);
    let r = s.post(
        "/api/run",
        &json!({"contract": broken, "scenario": example("scenarios/peterborough.toml")}),
    );
    assert_eq!(r.status, 400);
    let d = &r.json()["diagnostics"][0];
    let line = 1 + broken[..broken.find("currency = 42").unwrap()]
        .matches('\n')
        .count();
    assert_eq!(d["file"], "contract");
    assert_eq!(d["line"], line);
    assert_eq!(d["column"], 12);
    assert!(d["message"].as_str().unwrap().contains("expected a string"));
}

#[test]
fn pasted_files_are_checked_and_run() {
    let s = Server::start(&[]);
    let contract = example("contracts/peterborough.toml");
    let scenario = example("scenarios/peterborough.toml");
    let ok = s.post(
        "/api/check",
        &json!({"contract": contract, "scenario": scenario}),
    );
    assert_eq!(ok.status, 200);
    let ok = ok.json();
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["sliders"][0]["id"], "effect");
    let bad = s
        .post(
            "/api/check",
            &json!({"contract": "[deal]\nname = \"x\"\ncurrency = 42\n"}),
        )
        .json();
    assert_eq!(bad["ok"], false);
    assert!(
        bad["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["line"] == 3 && d["column"] == 12)
    );
    let ran = s.post(
        "/api/run",
        &json!({"contract": contract, "scenario": scenario, "trials": 500, "set": {"effect": 0.1}}),
    );
    assert_eq!(ran.status, 200, "{}", ran.body);
    assert_eq!(ran.json()["summary"]["contract"]["path"], "contract");
}

#[test]
fn a_body_over_the_limit_is_413() {
    let s = Server::start(&[]);
    let big = json!({"contract": "#".repeat(300 * 1024)});
    for path in ["/api/check", "/api/run"] {
        let r = s.post(path, &big);
        assert_eq!(r.status, 413, "{path}");
        assert!(r.error().contains("larger than 256 KiB"), "{}", r.body);
    }
}

#[test]
fn settle_and_explain_answer_as_the_commands_do() {
    let s = Server::start(&[]);
    let r = s.post("/api/settle", &json!({"deal": "peterborough"}));
    assert_eq!(r.status, 200, "{}", r.body);
    let cli = util::json(&[
        "settle",
        "contracts/peterborough.toml",
        "--observed",
        "observed/peterborough.toml",
        "--format",
        "json",
    ]);
    assert_eq!(r.json()["settlement"], cli);
    assert_eq!(
        s.post("/api/settle", &json!({"deal": "teaching-jobs"}))
            .status,
        404
    );
    let e = s.get("/api/explain?deal=peterborough&lang=fi");
    assert_eq!(e.status, 200);
    let e = e.json();
    let out = util::sibyl()
        .args([
            "explain",
            "contracts/peterborough.toml",
            "--scenario",
            "scenarios/peterborough.toml",
            "--lang",
            "fi",
        ])
        .output()
        .unwrap();
    assert_eq!(e["text"], String::from_utf8(out.stdout).unwrap());
    assert!(e["diagram"].as_str().unwrap().contains("<svg"));
    assert_eq!(s.get("/api/explain?deal=nope").status, 404);
    let no_deal = s.get("/api/explain");
    assert_eq!(no_deal.status, 400);
    assert!(
        no_deal.error().contains("missing field `deal`"),
        "{}",
        no_deal.body
    );
}

#[test]
fn a_run_past_the_time_limit_is_stopped_with_504() {
    let s = Server::start(&["--time-limit", "0.05"]);
    let started = Instant::now();
    let r = s.post(
        "/api/run",
        &json!({"deal": "peterborough", "trials": 200_000}),
    );
    assert_eq!(r.status, 504, "{}", r.body);
    assert!(r.error().contains("time limit"));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_full_queue_answers_busy_and_a_newer_run_cancels_the_older() {
    let s = Server::start(&["--workers", "1", "--queue", "0", "--time-limit", "120"]);
    let port = s.port;
    let first = std::thread::spawn(move || {
        post(
            port,
            "/api/run",
            &json!({"deal": "peterborough", "trials": 200_000, "client": "a"}),
        )
        .status
    });
    std::thread::sleep(Duration::from_millis(500));
    // One worker, no queue: another run is refused, with when to retry.
    let busy = s.post("/api/run", &json!({"deal": "peterborough", "trials": 100}));
    assert_eq!(busy.status, 503, "{}", busy.body);
    assert!(busy.head.to_ascii_lowercase().contains("retry-after: 1"));
    assert!(busy.error().contains("busy"));
    // The first run's client asks again: the first run is cancelled (409) at once, busy
    // or not, and the new one then runs (once the first has let go of the worker).
    let started = Instant::now();
    let second = s.post(
        "/api/run",
        &json!({"deal": "peterborough", "trials": 100, "client": "a"}),
    );
    assert!(
        second.status == 503 || second.status == 200,
        "{}",
        second.body
    );
    assert_eq!(first.join().unwrap(), 409);
    assert!(started.elapsed() < Duration::from_secs(30));
    let third = s.post(
        "/api/run",
        &json!({"deal": "peterborough", "trials": 100, "client": "a"}),
    );
    assert_eq!(third.status, 200, "{}", third.body);
}

#[test]
fn the_command_line_is_checked_before_listening() {
    let out = util::output(&["serve", "--host", "my-laptop"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--host `my-laptop` is not an IP address")
    );
    let out = util::output(&["serve", "--max-trials", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let out = util::output(&["serve", "--library", "tests"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no deal in the library"));
}

/// The page in headless Chromium: pick a deal, move a slider, switch the language, paste
/// a broken contract (tests/browser/serve.mjs).
#[test]
fn the_page_works_in_a_browser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut missing = Vec::new();
    if !node {
        missing.push("node (Node.js 20 or later) on the PATH".to_string());
    }
    if !dir
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        missing.push("tests/browser/node_modules: run `npm ci --prefix tests/browser`".into());
    }
    if !chromium.is_file() {
        missing.push(format!("Chromium at {}", chromium.display()));
    }
    if !missing.is_empty() {
        let text = format!(
            "serve:: the workshop page was NOT checked in a real browser; missing:\n  - {}",
            missing.join("\n  - ")
        );
        assert!(
            std::env::var_os("SIBYL_CI").is_none(),
            "{text}\n(SIBYL_CI is set, so this fails)"
        );
        eprintln!("\n{}\n{text}\n{}\n", "!".repeat(72), "!".repeat(72));
        return;
    }
    // Few trials and a generous time limit: a debug build on a busy machine is slow.
    let s = Server::start(&["--time-limit", "120"]);
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp/serve");
    let out = Command::new("node")
        .current_dir(&dir)
        .env("CHROMIUM", &chromium)
        .arg("serve.mjs")
        .arg(format!("{}?deal=peterborough&trials=2000", s.url()))
        .arg(&out_dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "serve.mjs failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).expect("a JSON summary");
    assert!(summary["lossAtLowEffect"].as_f64() > summary["lossAtStart"].as_f64());
    assert_eq!(summary["langAttribute"], "bg");
    assert!(out_dir.join("serve-4-paste.png").is_file());
}

#[test]
fn two_designs_compare_as_sibyl_compare_does() {
    let s = Server::start(&[]);
    let r = s.post(
        "/api/compare",
        &json!({"deal": "peterborough", "design": "peterborough-rate-card", "trials": 2000, "seed": 5}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let cli = util::json(&[
        "compare",
        "contracts/peterborough.toml",
        "contracts/peterborough-rate-card.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--trials",
        "2000",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(r.json()["comparison"], cli);
    // Sliders move both designs alike.
    let weak = s.post(
        "/api/compare",
        &json!({"deal": "peterborough", "trials": 2000, "set": {"effect": 0.0}}),
    );
    assert_eq!(weak.status, 200, "{}", weak.body);
    let r = s.post(
        "/api/compare",
        &json!({"deal": "peterborough", "trials": 50_001}),
    );
    assert_eq!(r.status, 400);
    assert!(r.error().contains("for a comparison"));
    let r = s.post("/api/compare", &json!({"deal": "teaching-jobs"}));
    assert_eq!(r.status, 404);
    assert!(r.error().contains("no other design"));
}

/// A request written out whole (head and body), for headers the helpers do not send.
fn raw_request(port: u16, text: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(text.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    Reply::parse(&raw)
}

/// A page elsewhere cannot start simulations through the participant's browser: a POST
/// must say its body is JSON (which forces a browser to ask first) and come from no other
/// site; programs (no Origin) and the page itself (its own origin) are served.
#[test]
fn requests_from_other_sites_are_refused() {
    let s = Server::start(&[]);
    let port = s.port;
    let body = r#"{"deal":"peterborough","trials":100}"#;
    let post = |headers: &str| {
        raw_request(
            port,
            &format!(
                "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        )
    };
    let plain = post("Content-Type: text/plain;charset=UTF-8\r\n");
    assert_eq!(plain.status, 415, "{}", plain.body);
    conforms(&plain.json(), "Error");
    assert_eq!(post("").status, 415);
    let foreign = post("Content-Type: application/json\r\nOrigin: http://evil.example\r\n");
    assert_eq!(foreign.status, 403, "{}", foreign.body);
    assert!(foreign.error().contains("another site"));
    let cross = post("Content-Type: application/json\r\nSec-Fetch-Site: cross-site\r\n");
    assert_eq!(cross.status, 403, "{}", cross.body);
    let own = post(&format!(
        "Content-Type: application/json; charset=utf-8\r\nOrigin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\n"
    ));
    assert_eq!(own.status, 200, "{}", own.body);
    // A GET needs neither.
    assert_eq!(s.get("/api/deals").status, 200);
    // A route asked with the wrong method answers 405 as JSON.
    let put = s.send(
        "PUT",
        "/api/run",
        Some(&format!("127.0.0.1:{port}")),
        Some(body.as_bytes()),
    );
    assert_eq!(put.status, 405, "{}", put.body);
    conforms(&put.json(), "Error");
    // A POST to a route that takes none is 405 too, whatever its content type.
    let wrong = raw_request(
        port,
        &format!(
            "POST /api/deals HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        ),
    );
    assert_eq!(wrong.status, 405, "{}", wrong.body);
}

/// The time limit frees the worker: a comparison or run past it is stopped between two
/// trials, so the next run is answered at once rather than after the first would have ended.
#[test]
fn a_run_or_comparison_past_the_time_limit_frees_its_worker() {
    let s = Server::start(&[
        "--workers",
        "1",
        "--time-limit",
        "1",
        "--max-trials",
        "10000000",
    ]);
    // A comparison, then a run, past it: each answered 504, then the next run at once.
    for (path, trials) in [("/api/compare", 2_500_000), ("/api/run", 5_000_000)] {
        let started = Instant::now();
        let r = s.post(path, &json!({"deal": "peterborough", "trials": trials}));
        assert_eq!(r.status, 504, "{path}: {}", r.body);
        let next = s.post("/api/run", &json!({"deal": "peterborough", "trials": 100}));
        assert_eq!(next.status, 200, "{}", next.body);
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{path}: {:?}",
            started.elapsed()
        );
    }
}

/// The limits the page must keep to are in /api/deals; with a lower --max-trials a run
/// that names no trials runs that many; a slider named twice is refused.
#[test]
fn the_limits_are_published_and_kept() {
    let s = Server::start(&["--max-trials", "3000"]);
    let deals = s.get("/api/deals").json();
    assert_eq!(deals["limits"]["max_trials"], 3000);
    assert_eq!(deals["limits"]["compare_max_trials"], 750);
    let r = s.post("/api/run", &json!({"deal": "peterborough"}));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["summary"]["trials"], 3000);
    let twice = raw_request(s.port, &{
        let body = r#"{"deal":"peterborough","trials":100,"set":{"effect":0.05,"effect":0.06}}"#;
        format!(
            "POST /api/run HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            s.port,
            body.len()
        )
    });
    assert_eq!(twice.status, 400, "{}", twice.body);
    assert!(twice.error().contains("set twice"), "{}", twice.body);
}

/// The measurement group's size is a slider: the run equals `sibyl run` on the contract
/// with that size written in, and the summary names the file with the slider moved.
#[test]
fn a_group_size_slider_runs_as_the_edited_contract() {
    let s = Server::start(&[]);
    let deals = s.get("/api/deals").json();
    let peterborough = deals["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "peterborough")
        .unwrap()
        .clone();
    let slider = peterborough["sliders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|sl| sl["id"] == "metrics.reconviction.comparison_size")
        .expect("a slider for the comparison group's size")
        .clone();
    assert_eq!(slider["value"], 10000.0);
    assert_eq!(slider["role"], "measurement");
    let effect = peterborough["sliders"][0].clone();
    assert_eq!(effect["id"], "effect");
    let r = s.post(
        "/api/run",
        &json!({"deal": "peterborough", "trials": 3000, "seed": 4,
                "set": {"metrics.reconviction.comparison_size": 1200.0, "effect": effect["value"]}}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let ours = r.json();
    // Only the slider really moved is applied and named.
    assert_eq!(
        ours["set"],
        json!({"metrics.reconviction.comparison_size": 1200.0})
    );
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let text = example("contracts/peterborough.toml");
    assert!(text.contains("comparison_size = 10000"));
    let edited = dir.join("peterborough.toml");
    std::fs::write(
        &edited,
        text.replace("comparison_size = 10000", "comparison_size = 1200"),
    )
    .unwrap();
    let mut cli = util::json(&[
        "run",
        edited.to_str().unwrap(),
        "--scenario",
        "scenarios/peterborough.toml",
        "--trials",
        "3000",
        "--seed",
        "4",
        "--format",
        "json",
    ]);
    let mut summary = ours["summary"].clone();
    assert_eq!(
        summary["contract"]["path"],
        "contracts/peterborough.toml [metrics.reconviction.comparison_size = 1200]"
    );
    assert_eq!(summary["scenario"]["path"], "scenarios/peterborough.toml");
    for v in [&mut summary, &mut cli] {
        v["contract"] = Value::Null;
    }
    assert_eq!(summary, cli);
}

/// The replay carries what `sibyl settle` warns of, and its charts period by period.
#[test]
fn a_replay_has_its_caveats_and_charts() {
    let s = Server::start(&[]);
    let r = s.post(
        "/api/settle",
        &json!({"deal": "fair-chance-fund", "lang": "sv"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    conforms(&v, "Settled");
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("cap per participant")),
        "{warnings:?}"
    );
    let charts = v["charts"].as_array().unwrap();
    let names: Vec<&str> = charts.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "settle-paid", "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("settle-tranche-")),
        "{names:?}"
    );
    assert!(
        charts
            .iter()
            .all(|c| c["svg"].as_str().unwrap().starts_with("<svg"))
    );
    assert!(charts[0]["title"].as_str().unwrap().contains("period"));
}
