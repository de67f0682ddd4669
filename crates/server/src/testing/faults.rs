//! A fault-injecting HTTP proxy on loopback, for the chaos harness: between desks and the
//! server it drops requests, drops replies after the server committed, delays, cuts replies
//! mid-body and answers 502 — each at its own rate, from a seeded generator (a failure replays
//! from its seed). It speaks just enough HTTP/1.1 for the desks' requests (a head and a body of
//! `Content-Length` bytes) and closes every connection after one exchange, so each request
//! meets its own fault. Switched off, it refuses connections (the network is gone).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Per mille of requests meeting each fault (the rest pass untouched).
#[derive(Clone, Copy, Debug, Default)]
pub struct FaultRates {
    /// Closed before it reaches the server.
    pub drop_request: u32,
    /// The server answered (and committed); the reply never reaches the desk.
    pub drop_reply: u32,
    /// The reply stops half-way through.
    pub cut_reply: u32,
    /// 502 from "the proxy", the server never asked.
    pub bad_gateway: u32,
    /// Held 20–200 ms before it goes on.
    pub delay: u32,
}

/// How many requests met each fault (and how many passed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub passed: u64,
    pub dropped_requests: u64,
    pub dropped_replies: u64,
    pub cut_replies: u64,
    pub bad_gateways: u64,
    pub delayed: u64,
}

#[derive(Clone, Copy)]
enum Fault {
    None,
    DropRequest,
    DropReply,
    CutReply,
    BadGateway,
    Delay(u64),
}

struct Shared {
    upstream: String,
    online: AtomicBool,
    rates: Mutex<FaultRates>,
    rng: Mutex<fastrand::Rng>,
    counts: [AtomicU64; 6],
}

pub struct FaultProxy {
    /// What desks connect to (`http://127.0.0.1:port`).
    pub base: String,
    shared: Arc<Shared>,
    _rt: tokio::runtime::Runtime,
}

impl FaultProxy {
    /// A proxy to `upstream` (`http://host:port`), faults drawn from `seed`.
    pub fn start(upstream: &str, seed: u64) -> FaultProxy {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared {
            upstream: upstream.trim_start_matches("http://").to_string(),
            online: AtomicBool::new(true),
            rates: Mutex::new(FaultRates::default()),
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
            counts: Default::default(),
        });
        let s = shared.clone();
        rt.spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                if !s.online.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                tokio::spawn(exchange(client, s.clone()));
            }
        });
        FaultProxy {
            base,
            shared,
            _rt: rt,
        }
    }

    pub fn set_rates(&self, rates: FaultRates) {
        *self.shared.rates.lock().unwrap() = rates;
    }

    /// Off: new connections are refused (exchanges under way finish).
    pub fn set_online(&self, online: bool) {
        self.shared.online.store(online, Ordering::SeqCst);
    }

    pub fn counts(&self) -> FaultCounts {
        let c = |i: usize| self.shared.counts[i].load(Ordering::SeqCst);
        FaultCounts {
            passed: c(0),
            dropped_requests: c(1),
            dropped_replies: c(2),
            cut_replies: c(3),
            bad_gateways: c(4),
            delayed: c(5),
        }
    }
}

impl Shared {
    fn draw(&self) -> Fault {
        let r = *self.rates.lock().unwrap();
        let mut rng = self.rng.lock().unwrap();
        let mut n = rng.u32(0..1000);
        let delay_ms = rng.u64(20..200);
        for (rate, fault) in [
            (r.drop_request, Fault::DropRequest),
            (r.drop_reply, Fault::DropReply),
            (r.cut_reply, Fault::CutReply),
            (r.bad_gateway, Fault::BadGateway),
            (r.delay, Fault::Delay(delay_ms)),
        ] {
            if n < rate {
                return fault;
            }
            n -= rate;
        }
        Fault::None
    }

    fn count(&self, fault: Fault) {
        let i = match fault {
            Fault::None => 0,
            Fault::DropRequest => 1,
            Fault::DropReply => 2,
            Fault::CutReply => 3,
            Fault::BadGateway => 4,
            Fault::Delay(_) => 5,
        };
        self.counts[i].fetch_add(1, Ordering::SeqCst);
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the client went away or
/// sent something this proxy does not speak.
async fn read_request(client: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    // One exchange per connection: the server closes after answering.
    let head: String = head
        .trim_end()
        .lines()
        .filter(|l| {
            !l.split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("connection"))
        })
        .map(|l| format!("{l}\r\n"))
        .collect::<String>()
        + "Connection: close\r\n\r\n";
    Some((head, body))
}

async fn exchange(mut client: TcpStream, s: Arc<Shared>) {
    let Some((head, body)) = read_request(&mut client).await else {
        return;
    };
    let fault = s.draw();
    s.count(fault);
    match fault {
        Fault::DropRequest => return,
        Fault::BadGateway => {
            let _ = client
                .write_all(
                    b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            return;
        }
        Fault::Delay(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
        _ => {}
    }
    let Ok(mut server) = TcpStream::connect(&s.upstream).await else {
        // The server is down: the desk sees the connection close, as without a proxy.
        return;
    };
    if server.write_all(head.as_bytes()).await.is_err() || server.write_all(&body).await.is_err() {
        return;
    }
    let mut reply = Vec::new();
    if server.read_to_end(&mut reply).await.is_err() {
        return;
    }
    match fault {
        Fault::DropReply => {}
        Fault::CutReply => {
            let _ = client.write_all(&reply[..reply.len() / 2]).await;
        }
        _ => {
            let _ = client.write_all(&reply).await;
        }
    }
    let _ = client.shutdown().await;
}
