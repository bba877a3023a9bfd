//! The README's example: create a customer and read it back.
//!
//! `cargo run -p openkor-client --example create_customer -- http://127.0.0.1:8080 KEY SECRET`

use openkor_client::Client;
use openkor_client::models::{CustomerRequest, EmailRequest, PhoneNumberRequest};

/// Creates Sarah Green and reads her back; answers her id.
pub async fn create_and_read_back(client: &Client) -> openkor_client::Result<String> {
    let created = client
        .create_customer(&CustomerRequest {
            r#type: Some("INDIVIDUAL".into()),
            first_name: Some("Sarah".into()),
            last_name: Some("Green".into()),
            primary_phone_number: Some(PhoneNumberRequest {
                number: Some("+15556589".into()),
                r#type: Some("WORK".into()),
                ..Default::default()
            }),
            primary_email: Some(EmailRequest {
                value: Some("sgreen@abc.com".into()),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await?;
    let read = client.get_customer(created.id()).await?;
    assert_eq!(read, created);
    Ok(read.id().to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(base_url), Some(key), Some(secret)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: create_customer BASE_URL API_KEY API_SECRET".into());
    };
    let client = Client::new(&base_url, &key, &secret)?;
    let id = create_and_read_back(&client).await?;
    eprintln!("created and read back customer {id}");
    Ok(())
}
