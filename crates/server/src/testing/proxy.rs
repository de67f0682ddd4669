//! A TCP proxy on loopback between desks and the server, for tests that need the network to
//! go away: switched off, it cuts the connections it carries and refuses new ones (the desk
//! sees the server gone, as at a trade fair without Wi-Fi); switched on, it carries them
//! again to the same server. The desk keeps one address throughout.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct Proxy {
    /// What desks connect to (`http://127.0.0.1:port`).
    pub base: String,
    offline: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
    _rt: tokio::runtime::Runtime,
}

impl Proxy {
    /// A proxy to `upstream` (`http://host:port`).
    pub fn start(upstream: &str) -> Proxy {
        let target = upstream.trim_start_matches("http://").to_string();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let offline = Arc::new(AtomicBool::new(false));
        let (cut, _) = watch::channel(0u64);
        let (off, cuts) = (offline.clone(), cut.clone());
        rt.spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                if off.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let (target, mut cut) = (target.clone(), cuts.subscribe());
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    let (mut client, mut server) = (client, server);
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Proxy {
            base,
            offline,
            cut,
            _rt: rt,
        }
    }

    /// Off: every carried connection is cut and new ones are refused. On: carried again.
    pub fn set_online(&self, online: bool) {
        self.offline.store(!online, Ordering::SeqCst);
        if !online {
            self.cut.send_modify(|n| *n += 1);
        }
    }
}
