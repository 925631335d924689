//! The loopback HTTP/1.1 server of the client measures: keep-alive, no parsing beyond the request
//! line, so that the server's own cost is small and the same for every client measured.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers every request on `listener` with `respond(request line)`, a whole HTTP response.
pub async fn serve(listener: TcpListener, respond: Arc<dyn Fn(&str) -> String + Send + Sync>) {
    loop {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let respond = respond.clone();
        tokio::spawn(async move {
            let mut buf = Vec::with_capacity(4096);
            let mut chunk = [0u8; 4096];
            loop {
                let end = loop {
                    if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break pos + 4;
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&buf[..end]).to_string();
                buf.drain(..end);
                let response = respond(head.lines().next().unwrap_or(""));
                if socket.write_all(response.as_bytes()).await.is_err() {
                    return;
                }
            }
        });
    }
}
