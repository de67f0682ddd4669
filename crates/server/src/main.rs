//! `fairdesk-server`: the sync server and its admin commands.

use clap::{Parser, Subcommand};
use fairdesk_core::user::UserData;
use fairdesk_server::http::{router, AppState};
use fairdesk_server::{admin, db};

#[derive(Parser)]
#[command(name = "fairdesk-server", about = "Fairdesk sync server")]
struct Cli {
    /// A TOML file with `database_url`, `listen`, `pool_size`; flags and environment win.
    #[arg(long, env = "FAIRDESK_CONFIG")]
    config: Option<std::path::PathBuf>,
    /// PostgreSQL connection, e.g. "host=/run/postgresql user=fairdesk dbname=fairdesk".
    #[arg(long, env = "FAIRDESK_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or upgrade the database schema.
    Migrate,
    /// Serve the API.
    Serve {
        #[arg(long, env = "FAIRDESK_LISTEN")]
        listen: Option<String>,
        #[arg(long, env = "FAIRDESK_POOL_SIZE")]
        pool_size: Option<u32>,
        /// Behind a TLS proxy: the header it sets to the client's address, e.g.
        /// `x-forwarded-for` (login and tracking limits count per client, not per proxy).
        #[arg(long, env = "FAIRDESK_CLIENT_IP_HEADER")]
        client_ip_header: Option<String>,
        /// Parcel tracking (快递100): the account's customer id. Without it, the key and the
        /// query address from the account's documentation, tracking is off.
        #[arg(long, env = "FAIRDESK_KUAIDI100_CUSTOMER")]
        kuaidi100_customer: Option<String>,
        #[arg(long, env = "FAIRDESK_KUAIDI100_KEY", hide_env_values = true)]
        kuaidi100_key: Option<String>,
        /// The real-time query address of the account (its `poll/query.do`).
        #[arg(long, env = "FAIRDESK_KUAIDI100_URL")]
        kuaidi100_url: Option<String>,
        /// The salt of subscription pushes to `/hooks/kuaidi100/{org}`; unset, pushes are refused.
        #[arg(long, env = "FAIRDESK_KUAIDI100_SALT", hide_env_values = true)]
        kuaidi100_salt: Option<String>,
    },
    /// Companies.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Users of a company.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Devices registered in a company.
    Device {
        #[command(subcommand)]
        command: DeviceCommand,
    },
}

#[derive(Subcommand)]
enum DeviceCommand {
    /// List devices: code, login, registered, id.
    List { org: String },
    /// Retire a device (by its code): its user may register another; its pushed work stays.
    Retire { org: String, code: String },
}

#[derive(Subcommand)]
enum OrgCommand {
    Create { slug: String, name: String },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from FAIRDESK_PASSWORD.
    Add {
        org: String,
        login: String,
        name: String,
        #[arg(long, default_value = "rep")]
        role: String,
        #[arg(long, default_value = "")]
        team: String,
        #[arg(long, env = "FAIRDESK_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Set a new password (from FAIRDESK_PASSWORD); logs the user out everywhere.
    Passwd {
        org: String,
        login: String,
        #[arg(long, env = "FAIRDESK_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Disable a user: tokens revoked, the change replicates to every desk.
    Disable { org: String, login: String },
    /// How many devices a user may register (default 10).
    DeviceLimit {
        org: String,
        login: String,
        limit: i32,
    },
    /// Put a user in a team (managers see their team's customers).
    Team {
        org: String,
        login: String,
        team: String,
    },
}

fn main() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// Settings from the config file; each may be overridden by a flag or the environment.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    listen: Option<String>,
    pool_size: Option<u32>,
    client_ip_header: Option<String>,
}

fn run(cli: Cli) -> Result<(), String> {
    let file: FileConfig = match &cli.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => FileConfig::default(),
    };
    let database_url = cli
        .database_url
        .clone()
        .or(file.database_url.clone())
        .ok_or(
        "no database: set --database-url, FAIRDESK_DATABASE_URL or database_url in the config file",
    )?;
    let pool = db::pool(&database_url, 4)?;
    let client = || pool.get().map_err(|e| e.to_string());
    match cli.command {
        Command::Migrate => {
            let n = db::migrate(&mut *client()?).map_err(|e| e.to_string())?;
            println!("migrations applied: {n}");
        }
        Command::Serve {
            listen,
            pool_size,
            client_ip_header,
            kuaidi100_customer,
            kuaidi100_key,
            kuaidi100_url,
            kuaidi100_salt,
        } => {
            let listen = listen
                .or(file.listen)
                .unwrap_or_else(|| "127.0.0.1:8750".into());
            let pool_size = pool_size.or(file.pool_size).unwrap_or(16);
            db::migrate(&mut *client()?).map_err(|e| e.to_string())?;
            // Kept here so the last handle (and the connections' sync clients) drops outside
            // the async runtime.
            let serve_pool = db::serve_pool(&database_url, pool_size)?;
            match (kuaidi100_customer, kuaidi100_key, kuaidi100_url) {
                (Some(customer), Some(key), Some(url))
                    if !customer.is_empty() && !key.is_empty() && !url.is_empty() =>
                {
                    let account =
                        fairdesk_server::tracking::kuaidi100::Account { url, customer, key };
                    fairdesk_server::tracking::poller::spawn(
                        serve_pool.clone(),
                        account,
                        std::time::Duration::from_secs(60),
                    );
                    tracing::info!("parcel tracking on (快递100)");
                }
                _ => tracing::warn!(
                    "parcel tracking is off: no 快递100 account configured \
                     (--kuaidi100-customer, --kuaidi100-key, --kuaidi100-url)"
                ),
            }
            let mut state = AppState::new(serve_pool.clone());
            state.tracking_salt = kuaidi100_salt.filter(|s| !s.is_empty());
            state.client_ip_header = client_ip_header
                .or(file.client_ip_header)
                .map(|h| h.to_ascii_lowercase());
            let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&listen)
                    .await
                    .map_err(|e| e.to_string())?;
                tracing::info!(%listen, "serving");
                axum::serve(
                    listener,
                    router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
                )
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .map_err(|e| e.to_string())
            })?;
            drop(rt);
            drop(serve_pool);
        }
        Command::Org {
            command: OrgCommand::Create { slug, name },
        } => {
            let id = admin::create_org(&mut *client()?, &slug, &name).map_err(|e| e.detail())?;
            println!("{id}");
        }
        Command::User { command } => match command {
            UserCommand::Add {
                org,
                login,
                name,
                role,
                team,
                password,
            } => {
                let role = admin::parse_role(&role).map_err(|e| e.detail())?;
                let data = UserData {
                    name,
                    role,
                    team,
                    active: true,
                };
                let id = admin::add_user(&mut *client()?, &org, &login, data, &password)
                    .map_err(|e| e.detail())?;
                println!("{id}");
            }
            UserCommand::Passwd {
                org,
                login,
                password,
            } => {
                admin::set_password(&mut *client()?, &org, &login, &password)
                    .map_err(|e| e.detail())?;
            }
            UserCommand::Team { org, login, team } => {
                admin::set_team(&mut *client()?, &org, &login, &team).map_err(|e| e.detail())?;
            }
            UserCommand::Disable { org, login } => {
                admin::disable_user(&mut *client()?, &org, &login).map_err(|e| e.detail())?;
            }
            UserCommand::DeviceLimit { org, login, limit } => {
                admin::set_device_limit(&mut *client()?, &org, &login, limit)
                    .map_err(|e| e.detail())?;
            }
        },
        Command::Device {
            command: DeviceCommand::List { org },
        } => {
            for d in admin::list_devices(&mut *client()?, &org).map_err(|e| e.detail())? {
                println!("{}\t{}\t{}\t{}", d.code, d.login, d.registered_at, d.id);
            }
        }
        Command::Device {
            command: DeviceCommand::Retire { org, code },
        } => {
            admin::retire_device(&mut *client()?, &org, &code).map_err(|e| e.detail())?;
        }
    }
    Ok(())
}
