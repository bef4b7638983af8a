//! `blinger-sim`: runs the simulator until Ctrl+C or SIGTERM.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use blinger_sim::{parse_fault_spec, FaultPlan, FaultRule, LiveConfig, SimConfig};
use clap::Parser;

/// A Blinger.io simulator: Conversation API (/api/conversations/…), Widget API
/// (/api/external/v1/…), webhooks, fault injection and demo data.
///
/// Control endpoints (token in `Authentication`): POST /_sim/faults (JSON
/// fault plan), POST /_sim/customer-message {conversation_id, text},
/// POST /_sim/new-conversation {channel, name, text}, GET /_sim/state,
/// GET /_sim/stats.
#[derive(Parser, Debug)]
#[command(name = "blinger-sim", version)]
struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8765")]
    listen: SocketAddr,
    /// Conversation API token (header `Authentication`).
    #[arg(
        long,
        env = "BLINGER_SIM_TOKEN",
        default_value = "sim-token",
        hide_env_values = true
    )]
    token: String,
    /// Widget API token (header `Authorization`).
    #[arg(
        long,
        env = "BLINGER_SIM_WIDGET_TOKEN",
        default_value = "sim-widget-token",
        hide_env_values = true
    )]
    widget_token: String,
    /// Seed realistic demo data (ignored when --state loads an existing file).
    #[arg(long)]
    demo: bool,
    /// Live mode: customer messages per minute (new conversations arrive at a
    /// fifth of that rate).
    #[arg(long, value_name = "RATE")]
    live: Option<f64>,
    /// POST webhook events to this URL (repeatable).
    #[arg(long = "webhook", value_name = "URL")]
    webhooks: Vec<String>,
    /// Keep the state in this JSON file (loaded at start if it exists).
    #[arg(long = "state", value_name = "FILE")]
    state_file: Option<PathBuf>,
    #[arg(long = "fault", value_name = "SPEC", value_parser = parse_fault_spec, long_help = blinger_sim::faults::FAULT_SPEC_HELP, help = "Inject a fault (repeatable): KIND[:ARG][@ENDPOINTS][%PROBABILITY][#NTH][*TIMES]; see --help")]
    faults: Vec<FaultRule>,
    /// Seed for fault probabilities and live mode, for reproducible runs.
    #[arg(long)]
    seed: Option<u64>,
    /// The operator used when a request leaves operator_id out.
    #[arg(long, default_value_t = 1)]
    admin_operator_id: i64,
    /// Answer with fields the docs do not show (to test client tolerance).
    #[arg(long)]
    extras: bool,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,blinger_sim=info".into()),
        )
        .init();
    let args = Args::parse();
    let cfg = SimConfig {
        token: args.token,
        widget_token: args.widget_token,
        demo: args.demo,
        live: args.live.map(LiveConfig::with_rate),
        webhooks: args.webhooks,
        state_file: args.state_file,
        faults: FaultPlan {
            seed: args.seed,
            rules: args.faults,
        },
        admin_operator_id: args.admin_operator_id,
        extras: args.extras,
    };
    let sim = match blinger_sim::start(args.listen, cfg).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("blinger-sim: cannot start on {}: {e}", args.listen);
            std::process::exit(1);
        }
    };
    // Exactly one line on stdout: tests and scripts parse it.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "blinger-sim listening on http://{}", sim.addr());
    let _ = out.flush();
    drop(out);
    wait_for_stop().await;
    sim.shutdown().await;
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
