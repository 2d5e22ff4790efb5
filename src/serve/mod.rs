//! `sibyl serve`: the workshop page and its JSON API, on a local HTTP server.
//!
//! The top layer, beside the command line: it reads the library once ([`library`]), then
//! answers requests with the analyses the commands use. Safe by default: it listens on
//! 127.0.0.1 unless told otherwise, answers only requests addressed to it by a host name
//! it serves (against DNS rebinding), bounds request bodies, trials, time and the number of
//! simulations waiting, runs simulations on their own threads (never on the server's), and
//! reads no file after start: deals are named by id from the library's list.

mod api;
pub mod library;
mod simulate;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::commands::Output;
use crate::commands::serve::Args;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{Lang, Locale};
use crate::tr;

use library::{Library, Slider};

/// The largest request body, in bytes (a pasted contract and scenario fit many times).
pub const MAX_BODY: usize = 256 * 1024;
/// The most --max-trials may be.
pub const MAX_TRIALS_CEILING: u64 = 10_000_000;
/// Trials of a run when the request does not say.
pub const DEFAULT_TRIALS: u64 = 20_000;

/// What every handler shares.
pub struct Served {
    pub library: Library,
    /// Each deal's sliders, in the library's order.
    pub sliders: HashMap<String, Vec<Slider>>,
    pub lang: Lang,
    pub port: u16,
    /// The address named by --host, if one was.
    pub host: Option<String>,
    pub limits: Limits,
    /// Workers free to simulate.
    pub permits: Arc<tokio::sync::Semaphore>,
    /// Simulations admitted (waiting or running).
    pub admitted: AtomicUsize,
    /// Each client's latest run and its cancellation flag.
    pub clients: Mutex<HashMap<String, Arc<AtomicBool>>>,
    pub pool: rayon::ThreadPool,
}

/// The server's bounds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub workers: usize,
    pub queue: usize,
    pub max_trials: u64,
    pub time_limit: Duration,
}

impl Limits {
    /// The most trials a comparison may ask for: it simulates each of its two designs
    /// twice (alone, then paired), so a quarter of --max-trials.
    pub fn compare_max_trials(&self) -> u64 {
        (self.max_trials / 4).max(1)
    }
}

impl Served {
    /// Whether a request's Host header names this server: `localhost` or an IP address
    /// (a DNS-rebinding attack needs a name of its own), or the --host given, with the
    /// port served.
    pub fn host_allowed(&self, header: &str) -> bool {
        let header = header.trim();
        let (name, port) = match header.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
            _ => (header, Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        name.eq_ignore_ascii_case("localhost")
            || bare.parse::<IpAddr>().is_ok()
            || self
                .host
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(name) || h.eq_ignore_ascii_case(bare))
    }

    /// Registers a client's new run: its previous run, if still going, is cancelled.
    pub fn supersede(&self, client: Option<&str>) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Some(client) = client {
            let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(old) = clients.insert(client.to_string(), Arc::clone(&flag)) {
                old.store(true, Ordering::Relaxed);
            }
        }
        flag
    }

    /// Forgets a client's run once it is over, unless a newer one took its place.
    pub fn finished(&self, client: Option<&str>, flag: &Arc<AtomicBool>) {
        if let Some(client) = client {
            let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
            if clients.get(client).is_some_and(|f| Arc::ptr_eq(f, flag)) {
                clients.remove(client);
            }
        }
    }
}

/// The address to listen on: --host as an IP address (or `localhost`), else 127.0.0.1.
fn address(args: &Args) -> Result<IpAddr, Diagnostics> {
    match args.host.as_deref() {
        None => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        Some(h) if h.eq_ignore_ascii_case("localhost") => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        Some(h) => h.trim_start_matches('[').trim_end_matches(']').parse().map_err(|_| {
            Diagnostic::error(format!("--host `{h}` is not an IP address"))
                .help("give an address of this machine, e.g. --host 0.0.0.0 for every network interface, or leave --host out for this machine only")
                .into()
        }),
    }
}

/// Checks the arguments, reads the library, binds the port, prints the address and serves
/// until the process is stopped.
pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let ip = address(args)?;
    if args.max_trials == 0 || args.max_trials > MAX_TRIALS_CEILING {
        return Err(Diagnostic::error(format!(
            "--max-trials must be from 1 to {}, found {}",
            crate::format::money(MAX_TRIALS_CEILING as f64),
            args.max_trials
        ))
        .help("200,000 trials answer in about a second on two cores")
        .into());
    }
    if !(args.time_limit.is_finite() && args.time_limit > 0.0 && args.time_limit <= 3600.0) {
        return Err(Diagnostic::error(format!(
            "--time-limit must be more than 0 and at most 3600 seconds, found {}",
            args.time_limit
        ))
        .help("the default, 10 seconds, is ample for 200,000 trials")
        .into());
    }
    let workers = args.workers.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    if workers == 0 || workers > 1024 {
        return Err(Diagnostic::error(format!(
            "--workers must be from 1 to 1,024, found {workers}"
        ))
        .into());
    }
    let library = Library::read(&args.library)?;
    let sliders = library
        .deals
        .iter()
        .map(|(id, d)| {
            (
                id.clone(),
                library::sliders(&d.contract.value, &d.scenario.value),
            )
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("sibyl-sim-{i}"))
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the simulation threads: {e}")))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(workers + 2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(ip, args.port)))
        .map_err(|e| {
            Diagnostic::error(format!("cannot listen on {ip}:{}: {e}", args.port)).help(
                if e.kind() == std::io::ErrorKind::AddrInUse {
                    "another program uses this port: give another with --port, or --port 0 for any free one"
                } else {
                    "check --host and --port"
                },
            )
        })?;
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    let served = Arc::new(Served {
        sliders,
        lang: loc.lang,
        port,
        host: args.host.clone(),
        limits: Limits {
            workers,
            queue: args.queue,
            max_trials: args.max_trials,
            time_limit: Duration::from_secs_f64(args.time_limit),
        },
        permits: Arc::new(tokio::sync::Semaphore::new(workers)),
        admitted: AtomicUsize::new(0),
        clients: Mutex::new(HashMap::new()),
        pool,
        library,
    });
    let shown = match ip {
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
    };
    let url = format!("http://{shown}:{port}/");
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "{}",
        tr!(loc, "serve-listening", url = url.as_str())
    );
    let _ = writeln!(
        stdout,
        "{}",
        match &args.host {
            None => loc.t("serve-local-only"),
            Some(_) if ip.is_loopback() => tr!(loc, "serve-local-only-host", host = ip.to_string()),
            Some(_) => tr!(loc, "serve-network", host = ip.to_string()),
        }
    );
    if ip.is_unspecified() {
        if let Some(lan) = local_network_address(ip) {
            let room = match lan {
                IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
                IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
            };
            let _ = writeln!(
                stdout,
                "{}",
                tr!(loc, "serve-room-url", url = room.as_str())
            );
        }
    }
    let _ = writeln!(
        stdout,
        "{}",
        tr!(
            loc,
            "serve-deals",
            count = served.library.deals.len() as f64,
            deals = served
                .library
                .deals
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = stdout.flush();
    drop(stdout);
    for skipped in &served.library.skipped {
        eprintln!("{}", tr!(loc, "serve-skipped", what = skipped.as_str()));
    }
    let app = api::router(served);
    runtime
        .block_on(async move { axum::serve(listener, app).await })
        .map_err(|e| Diagnostic::error(format!("the server stopped: {e}")))?;
    Ok(Output::default())
}

/// This machine's address on its local network (the one its default route leaves by), for
/// participants to type: found by pointing a UDP socket at a documentation address, which
/// sends nothing. `None` without a network.
fn local_network_address(listening: IpAddr) -> Option<IpAddr> {
    let (bind, probe): (SocketAddr, SocketAddr) = match listening {
        IpAddr::V4(_) => (
            (Ipv4Addr::UNSPECIFIED, 0).into(),
            (Ipv4Addr::new(192, 0, 2, 1), 9).into(),
        ),
        IpAddr::V6(_) => (
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into(),
            ("2001:db8::1".parse::<std::net::Ipv6Addr>().ok()?, 9).into(),
        ),
    };
    let socket = std::net::UdpSocket::bind(bind).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}
