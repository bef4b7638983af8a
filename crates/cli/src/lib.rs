//! Command line: provisioning for IT and tests (`deskbell account …`), and the
//! flags Deskbell starts with; the same for the app and the tray agent. Tokens
//! come on stdin, never as arguments (arguments show up in `ps` and shell history).

use clap::{Parser, Subcommand, ValueEnum};
use deskbell_runtime::secrets::{self, Slot};
use deskbell_runtime::settings::{
    account_name, check_transport, http_url, Account, AccountKind, Settings,
};
use deskbell_transport::Token;
use std::io::BufRead;

#[derive(Debug, Parser)]
#[command(
    name = "deskbell",
    version,
    about = "Operator desk for Blinger.io and Chatwoot inboxes"
)]
pub struct Cli {
    /// Start in the tray without opening the window.
    #[arg(long)]
    pub minimized: bool,
    /// Use the built-in demo server even when accounts are configured.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage accounts (tokens are read from standard input and kept in the OS keyring).
    #[command(subcommand)]
    Account(AccountCommand),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Provider {
    Blinger,
    Chatwoot,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add or replace an account. Reads the API token from the first line of stdin
    /// and, with --widget-url, the Widget API token from the second.
    Add {
        #[arg(long, value_enum)]
        provider: Provider,
        #[arg(long)]
        name: String,
        #[arg(long)]
        api_url: String,
        /// Blinger: the operator this desk acts as.
        #[arg(long)]
        operator_id: Option<i64>,
        /// Blinger: operator groups to watch (repeatable).
        #[arg(long = "group-id")]
        group_ids: Vec<i64>,
        /// Blinger: Widget API base URL (enables widget actions).
        #[arg(long)]
        widget_url: Option<String>,
        /// Chatwoot: the numeric account id.
        #[arg(long)]
        account_id: Option<i64>,
        /// Chatwoot: restrict to one inbox.
        #[arg(long)]
        inbox_id: Option<i64>,
        /// Allow plain http:// to a server other than this machine (tokens then
        /// cross the network unencrypted).
        #[arg(long)]
        insecure: bool,
    },
    /// List accounts (never shows tokens).
    List,
    /// Remove an account and its tokens.
    Remove { name: String },
}

impl Cli {
    /// Parses the command line. Account commands must be exact; the GUI tolerates
    /// flags it does not know, because launchers add their own (WebKit's
    /// WebDriver starts the app with `--automation`, desktop files add `%U`).
    pub fn parse_lenient() -> Cli {
        let args: Vec<String> = std::env::args().collect();
        if args.get(1).is_some_and(|a| {
            a == "account"
                || a == "help"
                || a == "--help"
                || a == "-h"
                || a == "--version"
                || a == "-V"
        }) {
            return Cli::parse_from(args);
        }
        Cli {
            minimized: args.iter().any(|a| a == "--minimized"),
            demo: args.iter().any(|a| a == "--demo"),
            command: None,
        }
    }
}

pub fn run_account_command(cmd: AccountCommand) -> Result<(), String> {
    match cmd {
        AccountCommand::Add {
            provider,
            name,
            api_url,
            operator_id,
            group_ids,
            widget_url,
            account_id,
            inbox_id,
            insecure,
        } => {
            let kind = match provider {
                Provider::Blinger => AccountKind::Blinger {
                    api_url: http_url(&api_url)?,
                    operator_id,
                    group_ids,
                    widget_url: widget_url.as_deref().map(http_url).transpose()?,
                },
                Provider::Chatwoot => AccountKind::Chatwoot {
                    api_url: http_url(&api_url)?,
                    account_id: account_id
                        .ok_or("--account-id is required for a Chatwoot account")?,
                    inbox_id,
                },
            };
            // Ids, and anything filed under names, moved first (as the app does).
            let mut settings = load_settings()?;
            let name = account_name(&name)?;
            let mut account = Account {
                id: deskbell_runtime::settings::new_account_id(),
                name,
                insecure,
                kind,
                names: Default::default(),
            };
            check_transport(&account)?;
            // The same account saved again keeps its id (and its queued replies, and
            // the names given to its people); the same name on another server is
            // another account.
            if let Some(old) = settings.account_named(&account.name) {
                if old.same_server(&account) {
                    account.id = old.id.clone();
                    account.names = old.names.clone();
                }
            }
            let mut lines = std::io::stdin().lock().lines();
            let mut next_token = |what: &str| -> Result<Token, String> {
                let line = lines
                    .next()
                    .transpose()
                    .map_err(|e| format!("cannot read the {what} from stdin: {e}"))?
                    .unwrap_or_default();
                let line = line.trim();
                if line.is_empty() {
                    return Err(format!("expected the {what} on standard input"));
                }
                Ok(Token::new(line))
            };
            let api_token = next_token("API token")?;
            let widget_token = if account.has_widget() {
                Some(next_token("Widget API token (second line)")?)
            } else {
                None
            };
            secrets::store(&account.id, Slot::Api, &api_token)?;
            match &widget_token {
                Some(t) => secrets::store(&account.id, Slot::Widget, t)?,
                None => secrets::delete(&account.id, Slot::Widget)?,
            }
            let replaced: Vec<String> = settings
                .accounts
                .iter()
                .filter(|a| a.name == account.name && a.id != account.id)
                .map(|a| a.id.clone())
                .collect();
            for id in &replaced {
                secrets::delete(id, Slot::Api)?;
                secrets::delete(id, Slot::Widget)?;
                deskbell_runtime::webhooks::forget_account(&mut settings, id);
            }
            settings.accounts.retain(|a| a.name != account.name);
            println!("added {} account \"{}\"", account.provider(), account.name);
            settings.accounts.push(account);
            settings.save()
        }
        AccountCommand::List => {
            let settings = load_settings()?;
            if settings.accounts.is_empty() {
                println!("no accounts (the app starts in demo mode)");
            }
            for a in &settings.accounts {
                let token = match secrets::load(&a.id, Slot::Api) {
                    Ok(Some(_)) => "token in keyring",
                    Ok(None) => "NO TOKEN",
                    Err(_) => "keyring unavailable",
                };
                match &a.kind {
                    AccountKind::Blinger {
                        api_url,
                        operator_id,
                        group_ids,
                        widget_url,
                    } => println!(
                        "{}\tblinger\t{api_url}\toperator={}\tgroups={:?}\twidget={}\t{token}\tid={}",
                        a.name,
                        operator_id
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| "admin".into()),
                        group_ids,
                        widget_url.as_deref().unwrap_or("-"),
                        a.id,
                    ),
                    AccountKind::Chatwoot {
                        api_url,
                        account_id,
                        inbox_id,
                    } => println!(
                        "{}\tchatwoot\t{api_url}\taccount={account_id}\tinbox={}\t{token}\tid={}",
                        a.name,
                        inbox_id
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| "all".into()),
                        a.id,
                    ),
                }
            }
            Ok(())
        }
        AccountCommand::Remove { name } => {
            let mut settings = load_settings()?;
            let id = settings
                .account_named(&name)
                .map(|a| a.id.clone())
                .ok_or_else(|| format!("no account named \"{name}\""))?;
            settings.accounts.retain(|a| a.id != id);
            secrets::delete(&id, Slot::Api)?;
            secrets::delete(&id, Slot::Widget)?;
            deskbell_runtime::webhooks::forget_account(&mut settings, &id);
            settings.save()?;
            println!("removed \"{name}\"");
            Ok(())
        }
    }
}

/// The settings as the app reads them at start: ids assigned and everything filed
/// under account names moved to them. A damaged file is an error here (the app would
/// set it aside; a provisioning script should stop and say so).
fn load_settings() -> Result<Settings, String> {
    Settings::load()?;
    let now = deskbell_runtime::now_ms() / 1000;
    Ok(deskbell_runtime::startup::load(now, &[]).settings)
}
