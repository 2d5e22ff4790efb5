//! The routes: the page and its assets, and the JSON API that docs/openapi.json describes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::library::{self, Slider};
use super::simulate::{self, Failure, Ran};
use super::{DEFAULT_TRIALS, MAX_BODY, Served};
use crate::analysis::{FileRef, ScenarioRef, provenance};
use crate::diagnostics::{Diagnostics, Severity, Source};
use crate::i18n::{Lang, Locale};
use crate::load::{self, Loaded};
use crate::model::{Contract, Scenario};

type Shared = Arc<Served>;

const PAGE_HTML: &str = include_str!("page/index.html");
const PAGE_JS: &str = include_str!("page/page.js");
const PAGE_CSS: &str = include_str!("page/page.css");
const OPENAPI: &str = include_str!("../../docs/openapi.json");

/// The server's routes, behind the Host check and the body limit.
pub fn router(served: Shared) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", PAGE_HTML) }),
        )
        .route(
            "/page.js",
            get(|| async { asset("text/javascript; charset=utf-8", PAGE_JS) }),
        )
        .route(
            "/page.css",
            get(|| async { asset("text/css; charset=utf-8", PAGE_CSS) }),
        )
        .route(
            "/api/openapi.json",
            get(|| async { asset("application/json", OPENAPI) }),
        )
        .route("/api/deals", get(deals))
        .route("/api/messages", get(messages))
        .route("/api/explain", get(explain))
        .route("/api/run", post(run))
        .route("/api/check", post(check))
        .route("/api/settle", post(settle))
        .route("/api/compare", post(compare))
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "no such page or API route")
                .help("the API is described at /api/openapi.json")
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "this route does not take that method",
            )
            .help(
                "the API is described at /api/openapi.json: pages and lists are GET, runs are POST",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(Arc::clone(&served), guard))
        .with_state(served)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// Refuses requests whose Host header does not name this server (403), and marks every
/// answer as not to be sniffed, framed or cached.
async fn guard(State(st): State<Shared>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    let mut response = match host {
        Some(h) if st.host_allowed(&h) => match cross_site(&req, &h) {
            Some(refused) => refused.into_response(),
            None => next.run(req).await,
        },
        _ => ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "the Host header `{}` does not name this server",
                host.as_deref().unwrap_or("")
            ),
        )
        .help(format!(
            "open the page as http://127.0.0.1:{0}/ or http://localhost:{0}/, or by the address given with --host",
            st.port
        ))
        .into_response(),
    };
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

/// Why a request that may start a simulation is refused as coming from another site, if
/// it is: a page elsewhere can make a browser send a POST here (a "simple" request, with
/// no preflight), so a POST must say its body is JSON (which such a page cannot say
/// without the browser asking this server first) and, when the browser names the page
/// it comes from (`Origin`, `Sec-Fetch-Site`), that page must be this server's.
fn cross_site(req: &Request, host: &str) -> Option<ApiError> {
    // Only the routes that take a POST: another method or route is answered 405 or 404.
    let post_route = matches!(
        req.uri().path(),
        "/api/run" | "/api/check" | "/api/settle" | "/api/compare"
    );
    if req.method() != axum::http::Method::POST || !post_route {
        return None;
    }
    let headers = req.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let json = text(header::CONTENT_TYPE).is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return Some(
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "the request body must be sent as `Content-Type: application/json`",
            )
            .help("send the JSON body with the header `Content-Type: application/json`"),
        );
    }
    let foreign_origin = text(header::ORIGIN).is_some_and(|o| {
        !o.strip_prefix("http://")
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host))
    });
    let cross = text(HeaderName::from_static("sec-fetch-site")).is_some_and(|v| {
        v.eq_ignore_ascii_case("cross-site") || v.eq_ignore_ascii_case("same-site")
    });
    (foreign_origin || cross).then(|| {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "the request comes from a page of another site",
        )
        .help("use the page this server serves, or call the API from a program (without an Origin header)")
    })
}

/// An error answer: `{"error", "help", "diagnostics"}` with its status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

#[derive(Debug, Serialize)]
struct ErrorBody {
    error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    diagnostics: Vec<Located>,
}

impl ApiError {
    fn new(status: StatusCode, error: impl Into<String>) -> Self {
        ApiError {
            status,
            body: ErrorBody {
                error: error.into(),
                help: None,
                diagnostics: Vec::new(),
            },
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.body.help = Some(help.into());
        self
    }

    fn bad(error: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, error)
    }

    /// Pasted files that do not validate: 400 with every diagnostic located.
    fn invalid(d: &Diagnostics) -> Self {
        let mut e = ApiError::bad(format!(
            "the files have {} error{}",
            d.error_count(),
            if d.error_count() == 1 { "" } else { "s" }
        ))
        .help("fix the marked lines and try again");
        e.body.diagnostics = located(d);
        e
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, json_body(&self.body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        r
    }
}

/// A JSON answer, with `format_version` first.
fn json_body<T: Serialize>(value: &T) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::commands::json(value),
    )
        .into_response()
}

/// A request body as JSON: too large is 413, not JSON of the right shape 400.
fn parse<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is larger than {} KiB", MAX_BODY / 1024),
            )
            .help("a contract and a scenario are a few KiB: check what is being sent")
        } else {
            ApiError::new(e.status(), e.body_text())
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad(format!("the request is not the JSON expected: {e}"))
            .help("see /api/openapi.json for each request's fields")
    })
}

/// A query string as its fields, or 400 saying what is wrong with it.
fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<Query<T>, ApiError> {
    q.map_err(|e| {
        ApiError::bad(format!(
            "the query string is not as expected: {}",
            e.body_text()
        ))
        .help("see /api/openapi.json for each request's parameters")
    })
}

/// A diagnostic with its position as line and column (1-based, in characters).
#[derive(Debug, Serialize)]
pub struct Located {
    severity: &'static str,
    /// `contract` or `scenario` for pasted text, else the library file.
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: String,
    label: Option<String>,
    help: Option<String>,
}

fn located(d: &Diagnostics) -> Vec<Located> {
    d.iter()
        .map(|d| {
            let start = d
                .source
                .as_ref()
                .zip(d.span.as_ref())
                .map(|(s, r)| (s.line_col(r.start), s.line_col(r.end)));
            Located {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                file: d.source.as_ref().map(|s| s.path.clone()),
                line: start.map(|s| s.0.0),
                column: start.map(|s| s.0.1),
                end_line: start.map(|s| s.1.0),
                end_column: start.map(|s| s.1.1),
                message: d.message.clone(),
                label: d.label.clone(),
                help: d.help.clone(),
            }
        })
        .collect()
}

/// The language asked for, else the server's.
fn language(st: &Served, lang: Option<&str>) -> Result<&'static Locale, ApiError> {
    match lang {
        None => Ok(Locale::of(st.lang)),
        Some(l) => Lang::parse(l).map(Locale::of).ok_or_else(|| {
            ApiError::bad(format!("no language `{l}`")).help("the languages are en, bg, sv and fi")
        }),
    }
}

fn deal<'a>(st: &'a Served, id: &str) -> Result<&'a library::Deal, ApiError> {
    st.library.deals.get(id).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no deal `{id}` in the library"),
        )
        .help(format!(
            "the deals are: {}",
            st.library
                .deals
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

#[derive(Serialize)]
struct DealEntry<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    sources: &'a [String],
    scenario: ScenarioEntry<'a>,
    has_observed: bool,
    /// Other designs of the deal, run under the same scenario.
    designs: Vec<DesignEntry<'a>>,
    sliders: &'a [Slider],
}

#[derive(Serialize)]
struct ScenarioEntry<'a> {
    name: &'a str,
    description: Option<&'a str>,
    sources: &'a [String],
}

#[derive(Serialize)]
struct DesignEntry<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
}

/// `GET /api/deals`: the library.
async fn deals(State(st): State<Shared>) -> Response {
    #[derive(Serialize)]
    struct Deals<'a> {
        /// The page's language at start (--lang).
        lang: &'static str,
        limits: LimitsEntry,
        deals: Vec<DealEntry<'a>>,
    }
    #[derive(Serialize)]
    struct LimitsEntry {
        max_trials: u64,
        compare_max_trials: u64,
        time_limit_s: f64,
    }
    let deals = st
        .library
        .deals
        .values()
        .map(|d| {
            let c = &d.contract.value.deal;
            let s = &d.scenario.value;
            DealEntry {
                id: &d.id,
                name: &c.name,
                description: c.description.as_deref().map(str::trim),
                sources: &c.sources,
                scenario: ScenarioEntry {
                    name: &s.name,
                    description: s.description.as_deref().map(str::trim),
                    sources: &s.sources,
                },
                has_observed: d.observed.is_some(),
                designs: d
                    .designs
                    .iter()
                    .map(|(id, c)| DesignEntry {
                        id,
                        name: &c.value.deal.name,
                        description: c.value.deal.description.as_deref().map(str::trim),
                    })
                    .collect(),
                sliders: st.sliders.get(&d.id).map_or(&[], Vec::as_slice),
            }
        })
        .collect();
    json_body(&Deals {
        lang: st.lang.code(),
        limits: LimitsEntry {
            max_trials: st.limits.max_trials,
            compare_max_trials: st.limits.compare_max_trials(),
            time_limit_s: st.limits.time_limit.as_secs_f64(),
        },
        deals,
    })
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// `GET /api/messages?lang=xx`: the page's texts in a language (`page-*` messages).
async fn messages(
    State(st): State<Shared>,
    q: Result<Query<LangQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    #[derive(Serialize)]
    struct Messages {
        lang: &'static str,
        messages: IndexMap<String, String>,
    }
    let loc = language(&st, q.lang.as_deref())?;
    let topic = crate::i18n::TOPICS
        .iter()
        .position(|t| *t == "serve")
        .expect("the serve topic");
    let english = crate::i18n::sources(Lang::En)[topic];
    let messages = english
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .filter(|k| k.starts_with("page-"))
        .map(|k| (k.to_string(), loc.t(k)))
        .collect();
    Ok(json_body(&Messages {
        lang: loc.lang.code(),
        messages,
    }))
}

#[derive(Deserialize)]
struct ExplainQuery {
    deal: String,
    design: Option<String>,
    lang: Option<String>,
}

/// The contract of a deal, or of one of its other designs.
fn design<'a>(
    d: &'a library::Deal,
    design: Option<&str>,
) -> Result<&'a Loaded<Contract>, ApiError> {
    match design {
        None => Ok(&d.contract),
        Some(id) if id == d.id => Ok(&d.contract),
        Some(id) => d
            .designs
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, c)| c)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("no design `{id}` of deal `{}`", d.id),
                )
                .help(format!(
                    "the designs are: {}",
                    std::iter::once(d.id.as_str())
                        .chain(d.designs.iter().map(|(i, _)| i.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
    }
}

/// `GET /api/explain?deal=ID&lang=xx`: the deal in plain language, as `sibyl explain`
/// writes it (text, and as HTML), with the who-pays-whom diagram (SVG).
async fn explain(
    State(st): State<Shared>,
    q: Result<Query<ExplainQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    #[derive(Serialize)]
    struct Explained {
        deal: String,
        lang: &'static str,
        text: String,
        html: String,
        diagram: String,
    }
    let loc = language(&st, q.lang.as_deref())?;
    let d = deal(&st, &q.deal)?;
    let c = &design(d, q.design.as_deref())?.value;
    let s = &d.scenario.value;
    let ex = crate::analysis::explain::explain(c, Some(s));
    let text = crate::report::explain::explain(c, Some(s), &ex, loc);
    Ok(json_body(&Explained {
        deal: d.id.clone(),
        lang: loc.lang.code(),
        html: crate::report::html::explained_html(&text),
        diagram: crate::report::diagram::who_pays_whom(c, ex.expected.as_ref(), loc),
        text,
    }))
}

/// A request to simulate: a library deal (or one of its designs), or pasted files.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    deal: Option<String>,
    design: Option<String>,
    contract: Option<String>,
    scenario: Option<String>,
    trials: Option<u64>,
    seed: Option<u64>,
    #[serde(default, deserialize_with = "unique_keys")]
    set: IndexMap<String, f64>,
    /// A page's id: a newer run of the same client cancels this one.
    client: Option<String>,
    /// Also draw the charts, in this language.
    #[serde(default)]
    charts: bool,
    lang: Option<String>,
}

/// A JSON object of numbers, each key once: a slider named twice is an error, not the last
/// value silently.
fn unique_keys<'de, D: serde::Deserializer<'de>>(d: D) -> Result<IndexMap<String, f64>, D::Error> {
    struct Numbers;
    impl<'de> serde::de::Visitor<'de> for Numbers {
        type Value = IndexMap<String, f64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of slider ids and numbers")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some((key, value)) = map.next_entry::<String, f64>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format_args!(
                        "slider `{key}` is set twice"
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Numbers)
}

/// Pasted text as a validated contract (and scenario), or 400 with the diagnostics.
fn pasted(
    contract: &str,
    scenario: Option<&str>,
) -> Result<(Loaded<Contract>, Option<Loaded<Scenario>>), Diagnostics> {
    let c = load::contract_from_source(&Source::new("contract", contract))?;
    let s = match scenario {
        Some(text) => Some(load::scenario_from_source(
            &Source::new("scenario", text),
            &c.value,
        )?),
        None => None,
    };
    Ok((c, s))
}

/// What a run request names, resolved: the files, their references and sliders.
struct Job {
    contract: Contract,
    scenario: Scenario,
    files: (FileRef, ScenarioRef),
    sliders: Vec<Slider>,
}

fn file_ref(path: String, source: &Source) -> FileRef {
    FileRef {
        path,
        sha256: provenance::sha256(&source.text),
    }
}

/// A scenario file as a run's reference (no stress).
fn scenario_ref(path: String, source: &Source) -> ScenarioRef {
    ScenarioRef {
        path,
        sha256: provenance::sha256(&source.text),
        stress: None,
    }
}

/// The files a run used, named with the sliders moved in each when there are any
/// (`scenarios/peterborough.toml [effect = 0.05]`, `contracts/peterborough.toml
/// [metrics.reconviction.comparison_size = 500]`): each hash is the unmoved file's.
fn mark_moved(
    (contract, scenario): (&mut String, &mut String),
    sliders: &[Slider],
    set: &IndexMap<String, f64>,
) {
    let mut moved = (Vec::new(), Vec::new());
    for (id, v) in set {
        let Some(sl) = sliders.iter().find(|sl| &sl.id == id) else {
            continue;
        };
        let text = format!("{id} = {v}");
        match sl.target {
            library::Target::GroupSize(_) => moved.0.push(text),
            library::Target::Assumption(_) => moved.1.push(text),
        }
    }
    for (path, moved) in [(contract, moved.0), (scenario, moved.1)] {
        if !moved.is_empty() {
            path.push_str(&format!(" [{}]", moved.join(", ")));
        }
    }
}

fn job(st: &Served, req: &RunRequest) -> Result<Job, ApiError> {
    match (&req.deal, &req.contract, &req.scenario) {
        (Some(id), None, None) => {
            let d = deal(st, id)?;
            let c = design(d, req.design.as_deref())?;
            let name = req.design.as_deref().unwrap_or(&d.id);
            Ok(Job {
                contract: c.value.clone(),
                scenario: d.scenario.value.clone(),
                files: (
                    file_ref(format!("contracts/{name}.toml"), &c.source),
                    scenario_ref(format!("scenarios/{}.toml", d.id), &d.scenario.source),
                ),
                sliders: st.sliders.get(&d.id).cloned().unwrap_or_default(),
            })
        }
        (None, Some(c), Some(s)) => {
            if req.design.is_some() {
                return Err(ApiError::bad(
                    "`design` goes with `deal`, not with pasted files",
                ));
            }
            let (c, s) = pasted(c, Some(s)).map_err(|d| ApiError::invalid(&d))?;
            let s = s.expect("a scenario was given");
            let sliders = library::sliders(&c.value, &s.value);
            Ok(Job {
                files: (
                    file_ref("contract".into(), &c.source),
                    scenario_ref("scenario".into(), &s.source),
                ),
                contract: c.value,
                scenario: s.value,
                sliders,
            })
        }
        _ => Err(ApiError::bad(
            "give either `deal` (a library id) or both `contract` and `scenario` (pasted text)",
        )
        .help("the library's deals are listed at /api/deals")),
    }
}

/// The sliders set: each a slider of the deal, within its range.
fn check_set(set: &IndexMap<String, f64>, sliders: &[Slider]) -> Result<(), ApiError> {
    for (id, &value) in set {
        let Some(s) = sliders.iter().find(|s| &s.id == id) else {
            return Err(ApiError::bad(format!("no slider `{id}`")).help(format!(
                "the sliders are: {}",
                sliders
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        if !(value.is_finite() && s.min <= value && value <= s.max) {
            return Err(ApiError::bad(format!(
                "slider `{id}` goes from {} to {}, not {value}",
                s.min, s.max
            )));
        }
    }
    Ok(())
}

/// Counts a simulation admitted (waiting or running) until dropped.
struct Admitted<'a>(&'a Served);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.admitted.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Cancels a run whose request went away (the client closed it, or its time ran out),
/// and forgets the client's run when it is over.
struct Running<'a> {
    st: &'a Served,
    client: Option<String>,
    flag: Arc<AtomicBool>,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.flag.store(true, Ordering::Relaxed);
        self.st.finished(self.client.as_deref(), &self.flag);
    }
}

/// `POST /api/run`: a run's summary, as `sibyl run --format json` gives it, with the
/// sliders applied and, if asked, its charts.
async fn run(
    State(st): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    #[derive(Serialize)]
    struct Answer {
        summary: Box<RawValue>,
        set: IndexMap<String, f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        charts: Option<Vec<crate::report::workshop::Chart>>,
        elapsed_ms: u64,
    }
    let started = Instant::now();
    let req: RunRequest = parse(body)?;
    let trials = req
        .trials
        .unwrap_or(DEFAULT_TRIALS.min(st.limits.max_trials));
    if trials == 0 || trials > st.limits.max_trials {
        return Err(ApiError::bad(format!(
            "trials must be from 1 to {}, found {trials}",
            st.limits.max_trials
        ))
        .help(
            "20,000 trials give the figures to about a percentage point in well under a second",
        ));
    }
    if req.client.as_ref().is_some_and(|c| c.chars().count() > 128) {
        return Err(ApiError::bad("`client` is at most 128 characters"));
    }
    let loc = language(&st, req.lang.as_deref())?;
    let job = job(&st, &req)?;
    check_set(&req.set, &job.sliders)?;
    let set = library::moved(&job.sliders, &req.set);
    let scenario = library::apply(&job.scenario, &job.sliders, &set);
    let contract = library::apply_contract(&job.contract, &job.sliders, &set);
    let seed = req.seed.unwrap_or(1);
    let keep = crate::report::workshop::chart_values(&contract);
    let mut files = job.files;
    mark_moved((&mut files.0.path, &mut files.1.path), &job.sliders, &set);
    let (ran, contract) = queued(&st, req.client.clone(), move |flag| {
        let ran = simulate::simulate(&contract, &scenario, files, trials, seed, &keep, flag);
        (ran, contract)
    })
    .await?;
    let Ran { summary, values } = match ran {
        Ok(r) => r,
        Err(Failure::Cancelled) => return Err(superseded()),
        Err(Failure::Invalid(d)) => return Err(ApiError::invalid(&d)),
    };
    let charts = req
        .charts
        .then(|| crate::report::workshop::charts(&contract, &summary, &values, loc));
    let summary = raw(crate::commands::json(&summary))?;
    Ok(json_body(&Answer {
        summary,
        set,
        charts,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }))
}

/// A command's JSON output, kept as it is inside an answer.
fn raw(json: String) -> Result<Box<RawValue>, ApiError> {
    RawValue::from_string(json).map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the result did not serialise",
        )
    })
}

/// Runs `work` on a simulation thread once a worker is free, within the time limit: the
/// client's previous run is cancelled first; 503 when too many runs wait; 504 past the time
/// limit (the run is then told to stop); 409 when a newer run of the same client took its
/// place before this one started. `work` gets the run's cancellation flag.
async fn queued<T: Send + 'static>(
    st: &Shared,
    client: Option<String>,
    work: impl FnOnce(&AtomicBool) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let limits = st.limits;
    // The client's previous run is cancelled first, busy or not: its page wants this one.
    let running = Running {
        st,
        flag: st.supersede(client.as_deref()),
        client,
    };
    if st.admitted.fetch_add(1, Ordering::Relaxed) >= limits.workers + limits.queue {
        st.admitted.fetch_sub(1, Ordering::Relaxed);
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy: too many simulations are waiting",
        )
        .help("retry in a moment"));
    }
    let _admitted = Admitted(st);
    let flag = Arc::clone(&running.flag);
    let run = async {
        let permit = Arc::clone(&st.permits).acquire_owned().await.map_err(|_| {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping")
        })?;
        if flag.load(Ordering::Relaxed) {
            return Err(superseded());
        }
        let shared = Arc::clone(st);
        let flag = Arc::clone(&flag);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            shared.pool.install(|| work(&flag))
        })
        .await
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the simulation failed"))
    };
    let out = match tokio::time::timeout(limits.time_limit, run).await {
        Err(_) => Err(ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            format!(
                "the simulation took longer than the time limit ({} s) and was stopped",
                limits.time_limit.as_secs_f64()
            ),
        )
        .help("ask for fewer trials, or retry when the server is less busy")),
        Ok(r) => r,
    };
    drop(running);
    out
}

fn superseded() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "cancelled: a newer run from the same client took its place",
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareRequest {
    deal: String,
    /// The other design (default: the deal's first other design).
    design: Option<String>,
    trials: Option<u64>,
    seed: Option<u64>,
    #[serde(default, deserialize_with = "unique_keys")]
    set: IndexMap<String, f64>,
    client: Option<String>,
}

/// `POST /api/compare`: a deal's own design against another of its designs, on common
/// random numbers with the sliders set, as `sibyl compare --format json` gives it. A
/// comparison simulates each design twice (alone, then paired), so its trials are bounded
/// by a quarter of --max-trials.
async fn compare(
    State(st): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    #[derive(Serialize)]
    struct Answer {
        comparison: Box<RawValue>,
        set: IndexMap<String, f64>,
        elapsed_ms: u64,
    }
    let started = Instant::now();
    let req: CompareRequest = parse(body)?;
    let most = st.limits.compare_max_trials();
    let trials = req.trials.unwrap_or(DEFAULT_TRIALS.min(most));
    if trials == 0 || trials > most {
        return Err(ApiError::bad(format!(
            "trials must be from 1 to {most} for a comparison, found {trials}"
        ))
        .help("a comparison runs each design twice: 20,000 trials are plenty for a room"));
    }
    if req.client.as_ref().is_some_and(|c| c.chars().count() > 128) {
        return Err(ApiError::bad("`client` is at most 128 characters"));
    }
    let d = deal(&st, &req.deal)?;
    let other_id = match req.design.as_deref() {
        Some(id) => id.to_string(),
        None => d.designs.first().map(|(id, _)| id.clone()).ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("deal `{}` has no other design", d.id),
            )
            .help("the deals with designs list them under `designs` in /api/deals")
        })?,
    };
    if other_id == d.id {
        return Err(ApiError::bad(
            "compare the deal with another of its designs, not itself",
        ));
    }
    let other = design(d, Some(&other_id))?.value.clone();
    let sliders = st.sliders.get(&d.id).cloned().unwrap_or_default();
    check_set(&req.set, &sliders)?;
    let set = library::moved(&sliders, &req.set);
    let scenario = library::apply(&d.scenario.value, &sliders, &set);
    // A measurement group's size moves the group of that metric in both designs.
    let own = library::apply_contract(&d.contract.value, &sliders, &set);
    let other = library::apply_contract(&other, &sliders, &set);
    let mut files = [
        file_ref(format!("contracts/{}.toml", d.id), &d.contract.source),
        file_ref(
            format!("contracts/{other_id}.toml"),
            &design(d, Some(&other_id))?.source,
        ),
    ];
    let mut scenario_ref = scenario_ref(format!("scenarios/{}.toml", d.id), &d.scenario.source);
    let [fa, fb] = &mut files;
    mark_moved((&mut fa.path, &mut scenario_ref.path), &sliders, &set);
    mark_moved((&mut fb.path, &mut String::new()), &sliders, &set);
    let seed = req.seed.unwrap_or(1);
    let compared = queued(&st, req.client.clone(), move |flag| {
        let [fa, fb] = files;
        simulate::compare(
            &[(&own, fa), (&other, fb)],
            &scenario,
            scenario_ref,
            trials,
            seed,
            flag,
        )
    })
    .await?;
    let compared = match compared {
        Ok(c) => c,
        Err(Failure::Cancelled) => return Err(superseded()),
        Err(Failure::Invalid(d)) => return Err(ApiError::invalid(&d)),
    };
    Ok(json_body(&Answer {
        comparison: raw(crate::commands::json(&compared))?,
        set,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    contract: String,
    scenario: Option<String>,
}

/// `POST /api/check`: pasted files validated as `sibyl check` does; every problem with its
/// line and column. 200 whether or not the files are valid (`ok` says).
async fn check(body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    #[derive(Serialize)]
    struct Checked {
        ok: bool,
        diagnostics: Vec<Located>,
        /// The pasted scenario's sliders, when both files are valid.
        #[serde(skip_serializing_if = "Option::is_none")]
        sliders: Option<Vec<Slider>>,
    }
    let req: CheckRequest = parse(body)?;
    let (ok, d, sliders) = match pasted(&req.contract, req.scenario.as_deref()) {
        Ok((c, s)) => {
            let mut w = c.warnings;
            let sliders = s.map(|s| {
                w.extend(s.warnings);
                library::sliders(&c.value, &s.value)
            });
            (true, w, sliders)
        }
        Err(d) => (false, d, None),
    };
    Ok(json_body(&Checked {
        ok,
        diagnostics: located(&d),
        sliders,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettleRequest {
    deal: String,
    lang: Option<String>,
}

/// `POST /api/settle`: a deal's real history through the contract, as `sibyl settle
/// --format json` gives it, with the table in the language asked for.
async fn settle(
    State(st): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    #[derive(Serialize)]
    struct Settled {
        settlement: Box<RawValue>,
        table: String,
        /// What `sibyl settle` warns of (an assumption the history forces, a cap it cannot
        /// apply), each on one line: caveats the replay must be read with.
        warnings: Vec<String>,
        charts: Vec<crate::report::workshop::Chart>,
    }
    let req: SettleRequest = parse(body)?;
    let loc = language(&st, req.lang.as_deref())?;
    let d = deal(&st, &req.deal)?;
    let Some(source) = &d.observed else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("deal `{}` has no observed history", d.id),
        )
        .help("the deals with one have `has_observed` in /api/deals"));
    };
    let c = &d.contract.value;
    let o = load::observed_from_source(source, c).map_err(|e| ApiError::invalid(&e))?;
    let mut observed_ref = FileRef::of(source);
    observed_ref.path = format!("observed/{}.toml", d.id);
    let st_ = crate::analysis::settle::settle(
        c,
        &o.value,
        [
            file_ref(format!("contracts/{}.toml", d.id), &d.contract.source),
            observed_ref,
        ],
    );
    if !st_.after_horizon.is_empty() {
        return Err(ApiError::invalid(&crate::commands::settle::after_horizon(
            &st_, c, source,
        )));
    }
    let table = crate::report::settle::table(c, &o.value.name, &st_, loc);
    let charts = crate::report::workshop::settle_charts(c, &st_, loc);
    let warnings = d
        .contract
        .warnings
        .iter()
        .chain(o.warnings.iter())
        .map(|w| w.message.clone())
        .collect();
    let settlement = raw(crate::commands::json(&st_))?;
    Ok(json_body(&Settled {
        settlement,
        table,
        warnings,
        charts,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_carry_lines_and_columns() {
        let Err(d) = pasted("[deal]\nname = 3\n", None) else {
            panic!("invalid text passed");
        };
        let l = located(&d);
        assert!(l.iter().any(|x| x.line == Some(2)), "{l:?}");
    }

    #[test]
    fn a_slider_outside_its_range_is_refused() {
        let s = vec![Slider {
            id: "effect".into(),
            role: library::Role::Effect,
            description: None,
            value: 0.1,
            min: 0.0,
            max: 0.2,
            step: 0.01,
            moves: library::Move::Shift,
            target: library::Target::Assumption(0),
        }];
        let mut set = IndexMap::new();
        set.insert("effect".to_string(), 0.3);
        assert!(check_set(&set, &s).is_err());
        set.insert("effect".to_string(), 0.15);
        assert!(check_set(&set, &s).is_ok());
        set.insert("nope".to_string(), 0.15);
        assert!(check_set(&set, &s).is_err());
    }
}
