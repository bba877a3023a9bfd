//! TLS to PostgreSQL with libpq's `sslmode` meanings, so a URL that worked with `psql` works
//! here: `disable` (plain), `prefer` (the default: TLS when the server offers it), `require`
//! (TLS or nothing) — neither of these two checks the server's certificate, as in libpq —
//! and `verify-ca` / `verify-full` (TLS with the certificate checked against the web's root
//! authorities and the file named by `sslrootcert`, and the host name checked; `verify-ca`
//! is held to `verify-full`'s host-name check too).

use openkor_store::StoreError;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::str::FromStr;
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The connection settings of `url` and the TLS connector its `sslmode` asks for.
pub(crate) fn configure(
    url: &str,
) -> Result<(tokio_postgres::Config, MakeRustlsConnect), StoreError> {
    let (url, verify, root_cert) = split_options(url);
    let config = tokio_postgres::Config::from_str(&url)
        .map_err(|e| StoreError::Other(format!("invalid PostgreSQL URL: {e}")))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Other(format!("TLS setup: {e}")))?;
    let tls = if verify {
        let mut roots = RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(path) = root_cert {
            for cert in CertificateDer::pem_file_iter(&path)
                .map_err(|e| StoreError::Other(format!("sslrootcert {path}: {e}")))?
            {
                let cert =
                    cert.map_err(|e| StoreError::Other(format!("sslrootcert {path}: {e}")))?;
                roots
                    .add(cert)
                    .map_err(|e| StoreError::Other(format!("sslrootcert {path}: {e}")))?;
            }
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
            .with_no_client_auth()
    };
    Ok((config, MakeRustlsConnect::new(tls)))
}

/// Takes out what tokio-postgres does not parse: `sslmode=verify-ca|verify-full` (becomes
/// `require` plus checking) and `sslrootcert`.
fn split_options(url: &str) -> (String, bool, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), false, None);
    };
    let mut verify = false;
    let mut root_cert = None;
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslmode", "verify-ca" | "verify-full")) => {
                verify = true;
                kept.push("sslmode=require".to_owned());
            }
            Some(("sslrootcert", path)) => root_cert = Some(path.to_owned()),
            _ => kept.push(pair.to_owned()),
        }
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, verify, root_cert)
}

/// `prefer` and `require`: encrypted, the certificate not checked (libpq's behaviour); the
/// handshake's signatures are still verified.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl Unchecked {
    fn algorithms(&self) -> &WebPkiSupportedAlgorithms {
        &self.0.signature_verification_algorithms
    }
}

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, self.algorithms())
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, self.algorithms())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms().supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::split_options;

    #[test]
    fn verify_modes_become_require_with_checking_and_sslrootcert_is_taken_out() {
        assert_eq!(
            split_options(
                "postgres://h/db?sslmode=verify-full&sslrootcert=/ca.pem&application_name=x"
            ),
            (
                "postgres://h/db?sslmode=require&application_name=x".to_owned(),
                true,
                Some("/ca.pem".to_owned())
            )
        );
        assert_eq!(
            split_options("postgres://h/db?sslmode=require"),
            ("postgres://h/db?sslmode=require".to_owned(), false, None)
        );
        assert_eq!(
            split_options("postgres://h/db"),
            ("postgres://h/db".to_owned(), false, None)
        );
    }
}
