//! Which receiver addresses a webhook may not reach (server-side request forgery): a
//! subscription must not turn openkor into a client of its own network, its host, or a cloud
//! metadata service. Checked when a subscription is created or changed, and again for every
//! address a name resolves to when a delivery connects (DNS rebinding).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why `address` may not be reached, or `None` when it is a public address.
pub fn forbidden_reason(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(address: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = address.octets();
    if address.is_loopback() {
        Some("a loopback address")
    } else if address.is_private() || (a == 100 && (64..128).contains(&b)) {
        Some("a private address")
    } else if address.is_link_local() {
        Some("a link-local or metadata address")
    } else if address.is_unspecified() || a == 0 {
        Some("an unspecified address")
    } else if address.is_multicast() || address.is_broadcast() || a >= 240 {
        Some("a multicast or reserved address")
    } else if (a == 192 && b == 0 && c == 0) || (a == 198 && (b == 18 || b == 19)) {
        Some("a reserved address")
    } else {
        None
    }
}

fn forbidden_v6(address: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = embedded_v4(address) {
        return forbidden_v4(v4);
    }
    let first = address.segments()[0];
    if address.is_loopback() {
        Some("a loopback address")
    } else if address.is_unspecified() {
        Some("an unspecified address")
    } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfec0 {
        Some("a private address")
    } else if first == 0x2002 || address.segments()[..3] == [0x64, 0xff9b, 1] {
        Some("a translated address (6to4 or local-use NAT64)")
    } else if first & 0xffc0 == 0xfe80 {
        Some("a link-local or metadata address")
    } else if address.is_multicast() {
        Some("a multicast or reserved address")
    } else {
        None
    }
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`)
/// or NAT64 (`64:ff9b::a.b.c.d`) IPv6 address.
fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    let segments = address.segments();
    let octets = address.octets();
    let tail = Ipv4Addr::new(octets[12], octets[13], octets[14], octets[15]);
    let mapped = segments[..5] == [0; 5] && segments[5] == 0xffff;
    let compatible = segments[..6] == [0; 6] && !address.is_loopback() && !address.is_unspecified();
    let nat64 = segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    (mapped || compatible || nat64).then_some(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> Option<&'static str> {
        forbidden_reason(text.parse().expect("an address"))
    }

    #[test]
    fn loopback_private_link_local_and_metadata_addresses_are_refused() {
        for text in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "198.18.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "::10.0.0.1",
            "fec0::1",
            "2002:7f00:1::1",
            "64:ff9b:1::a00:1",
        ] {
            assert!(reason(text).is_some(), "{text} must be refused");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for text in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(reason(text), None, "{text} must be allowed");
        }
    }
}
