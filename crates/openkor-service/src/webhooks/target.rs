//! Receiver URLs: what a subscription may point at. https only, no credentials in the URL, and
//! no name or address that reaches a loopback, private, link-local or metadata address, unless
//! the operator allows private targets (development and tests: then plain http is accepted
//! too). The same address check runs again when a delivery connects.

use openkor_domain::limits::WEBHOOK_URL_CHARS_MAX;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use openkor_domain::webhook::address::forbidden_reason;
use std::net::IpAddr;
use url::{Host, Url};

/// Where receivers may be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TargetPolicy {
    /// Accept plain http and private, loopback and link-local targets (development only).
    pub allow_private_targets: bool,
}

fn refused(message: impl Into<String>) -> FieldError {
    FieldError::new("url", FieldErrorCode::InvalidValue, message)
}

/// Checks `text` as a receiver URL, resolving its host name, and returns it normalised.
pub async fn check_url(text: &str, policy: TargetPolicy) -> Result<String, FieldError> {
    if text.chars().count() > WEBHOOK_URL_CHARS_MAX {
        return Err(FieldError::new(
            "url",
            FieldErrorCode::TooLong,
            format!("must be at most {WEBHOOK_URL_CHARS_MAX} characters"),
        ));
    }
    let url = Url::parse(text).map_err(|error| {
        FieldError::new(
            "url",
            FieldErrorCode::InvalidFormat,
            format!("must be an absolute URL ({error})"),
        )
    })?;
    match url.scheme() {
        "https" => {}
        "http" if policy.allow_private_targets => {}
        _ => return Err(refused("must be an https URL")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused("must not carry credentials"));
    }
    if url.fragment().is_some() {
        return Err(refused("must not have a fragment"));
    }
    if !policy.allow_private_targets {
        check_host(&url).await?;
    }
    Ok(url.to_string())
}

/// Refuses a host that is, or resolves to, an address receivers may not have.
async fn check_host(url: &Url) -> Result<(), FieldError> {
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = match url.host() {
        Some(Host::Ipv4(v4)) => vec![IpAddr::V4(v4)],
        Some(Host::Ipv6(v6)) => vec![IpAddr::V6(v6)],
        Some(Host::Domain(name)) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| refused(format!("the host {name} does not resolve")))?
            .map(|address| address.ip())
            .collect(),
        None => return Err(refused("must name a host")),
    };
    for address in addresses {
        if let Some(reason) = forbidden_reason(address) {
            // The address itself is not echoed: it would let a tenant map internal names.
            return Err(refused(format!(
                "must not reach {reason}; the operator may allow private targets for \
                 development with --webhook-allow-private-targets"
            )));
        }
    }
    Ok(())
}
