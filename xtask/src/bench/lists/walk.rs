//! Walking the Financial Account list in order, `WALK_PAGE_ROWS` rows a page, on one
//! keep-alive connection, as a client exporting the list would: each page is requested right
//! after its predecessor with the same query. Reports the latencies of the last
//! `MEASURED_PAGES` pages walked (those beyond row 50,000 when the list is long enough).

use super::super::LISTEN;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

/// Rows per page of the walk (the most a page may hold).
pub(super) const WALK_PAGE_ROWS: u64 = 100;
/// The walk stops after this many rows.
const WALK_ROWS_MAX: u64 = 60_000;
/// Pages at the end of the walk whose latencies are reported.
const MEASURED_PAGES: usize = 100;

/// The latencies of the measured pages.
pub(super) struct Walk {
    /// Pages requested in all.
    pub(super) pages: u64,
    /// Latency of each measured page, in milliseconds, in walk order.
    pub(super) latencies_ms: Vec<f64>,
    /// Answers other than 200.
    pub(super) non_2xx: u64,
}

/// A keep-alive HTTP/1.1 connection to the server.
struct Connection {
    reader: BufReader<TcpStream>,
    authorization: String,
}

impl Connection {
    fn open(authorization: &str) -> Result<Self, String> {
        let stream = TcpStream::connect(LISTEN).map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Self {
            reader: BufReader::new(stream),
            authorization: authorization.to_owned(),
        })
    }

    /// `GET path`; the status code (the body is read and dropped).
    fn get(&mut self, path: &str) -> Result<u16, String> {
        write!(
            self.reader.get_mut(),
            "GET {path} HTTP/1.1\r\nHost: {LISTEN}\r\nAuthorization: {}\r\n\r\n",
            self.authorization
        )
        .map_err(|e| e.to_string())?;
        let (status, length, chunked) = self.head()?;
        if chunked {
            self.skip_chunks()?;
        } else {
            self.skip(length)?;
        }
        Ok(status)
    }

    fn line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        let read = self
            .reader
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        if read == 0 {
            return Err("the server closed the connection".into());
        }
        Ok(line.trim_end().to_owned())
    }

    /// The status, `Content-Length` and whether the body is chunked.
    fn head(&mut self) -> Result<(u16, u64, bool), String> {
        let status_line = self.line()?;
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or(format!("malformed status line {status_line:?}"))?;
        let (mut length, mut chunked) = (0, false);
        loop {
            let line = self.line()?;
            if line.is_empty() {
                return Ok((status, length, chunked));
            }
            let (name, value) = line.split_once(':').unwrap_or((&line, ""));
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().map_err(|e| format!("{line}: {e}"))?;
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            }
        }
    }

    fn skip(&mut self, bytes: u64) -> Result<(), String> {
        let copied = std::io::copy(&mut (&mut self.reader).take(bytes), &mut std::io::sink())
            .map_err(|e| e.to_string())?;
        if copied == bytes {
            Ok(())
        } else {
            Err("the body ended early".into())
        }
    }

    fn skip_chunks(&mut self) -> Result<(), String> {
        loop {
            let size_line = self.line()?;
            let size = u64::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|e| format!("chunk size {size_line:?}: {e}"))?;
            if size == 0 {
                // Trailers, up to the empty line.
                while !self.line()?.is_empty() {}
                return Ok(());
            }
            self.skip(size)?;
            self.line()?;
        }
    }
}

/// Walks the pages of `GET /v1/financial-accounts?size=WALK_PAGE_ROWS` (default sort) over
/// `total_rows` rows, up to `WALK_ROWS_MAX` rows.
pub(super) fn walk(authorization: &str, total_rows: u64) -> Result<Walk, String> {
    let pages = total_rows
        .min(WALK_ROWS_MAX)
        .div_ceil(WALK_PAGE_ROWS)
        .max(1);
    let mut connection = Connection::open(authorization)?;
    let mut latencies_ms = Vec::new();
    let mut non_2xx = 0;
    for page in 0..pages {
        let path = format!("/v1/financial-accounts?size={WALK_PAGE_ROWS}&page={page}");
        let started = Instant::now();
        let status = connection.get(&path)?;
        latencies_ms.push(started.elapsed().as_secs_f64() * 1_000.0);
        if !(200..300).contains(&status) {
            non_2xx += 1;
        }
    }
    let measured_from = latencies_ms.len().saturating_sub(MEASURED_PAGES);
    Ok(Walk {
        pages,
        latencies_ms: latencies_ms.split_off(measured_from),
        non_2xx,
    })
}

/// The `percent` percentile of `values` (nearest rank), or `None` when there are none.
pub(super) fn percentile(values: &[f64], percent: f64) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.saturating_sub(1)).copied()
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), Some(50.0));
        assert_eq!(percentile(&values, 99.0), Some(99.0));
        assert_eq!(percentile(&[], 50.0), None);
    }
}
