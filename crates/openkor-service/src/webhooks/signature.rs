//! Standard Webhooks signatures: `webhook-signature` holds `v1,<base64 HMAC-SHA256>` of
//! `<webhook-id>.<webhook-timestamp>.<body>` under the secret's bytes, one per secret in use
//! (space-separated), so a receiver verifies with any Standard Webhooks library.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use openkor_domain::webhook::SECRET_PREFIX;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The secret as shown to the user: `whsec_` and its bytes in base64.
pub fn secret_text(secret: &[u8]) -> String {
    format!("{SECRET_PREFIX}{}", STANDARD.encode(secret))
}

/// The `webhook-signature` header of `body` sent as message `id` at `timestamp_s`, signed
/// with every one of `secrets`.
pub fn signature_header(secrets: &[Vec<u8>], id: &str, timestamp_s: i64, body: &[u8]) -> String {
    let signatures: Vec<String> = secrets
        .iter()
        .filter_map(|secret| {
            let mut mac = HmacSha256::new_from_slice(secret).ok()?;
            mac.update(id.as_bytes());
            mac.update(b".");
            mac.update(timestamp_s.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            Some(format!(
                "v1,{}",
                STANDARD.encode(mac.finalize().into_bytes())
            ))
        })
        .collect();
    signatures.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification's reference libraries.
    #[test]
    fn the_specification_example_signs_the_same() {
        let secret = STANDARD
            .decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .expect("base64");
        let header = signature_header(
            &[secret],
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(header, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn every_secret_in_use_signs() {
        let header = signature_header(&[vec![1; 32], vec![2; 32]], "id", 1, b"{}");
        assert_eq!(header.split(' ').count(), 2);
        assert!(secret_text(&[0; 32]).starts_with("whsec_"));
    }
}
