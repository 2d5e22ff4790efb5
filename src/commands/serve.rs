//! `sibyl serve [--port 8080] [--host ADDR] [--library DIR]`: the workshop page. Only the
//! arguments live here; the server itself is the `serve` module, the layer above the commands.

use std::path::PathBuf;

/// Serve the workshop page: pick a deal, move its assumptions and watch it respond.
///
/// Listens on 127.0.0.1 (this machine only) unless --host names another address, for a
/// room on a local network. Every asset of the page is inside the binary; the deals are
/// the library's contracts/, scenarios/ and observed/ files, read once at start.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on, e.g. 0.0.0.0 for every network interface [default:
    /// 127.0.0.1, this machine only].
    #[arg(long)]
    pub host: Option<String>,
    /// The library: a folder with contracts/, scenarios/ and (for replays) observed/
    /// [default: the current folder].
    #[arg(long, default_value = ".")]
    pub library: PathBuf,
    /// Simulations run at once [default: the number of cores].
    #[arg(long)]
    pub workers: Option<usize>,
    /// Simulations that may wait for a worker; more are answered "busy, retry" (503).
    #[arg(long, default_value_t = 32)]
    pub queue: usize,
    /// The most trials one request may ask for.
    #[arg(long, default_value_t = 200_000)]
    pub max_trials: u64,
    /// Seconds a simulation may take, waiting included, before it is stopped (504).
    #[arg(long, default_value_t = 10.0)]
    pub time_limit: f64,
}
