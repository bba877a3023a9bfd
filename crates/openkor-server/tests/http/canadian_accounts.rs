//! Canadian bank accounts: a CAD external bank account takes a Canadian routing number (the
//! electronic or the cheque form, kept in the electronic one), a USD account an ABA one.

use crate::financial_account_fixtures::{bank_request, customer};
use crate::on_both_backends;
use crate::typed::{field_errors, refused, typed};
use openkor_client::models::ExternalBankAccountRequest;
use serde_json::json;

on_both_backends! {
    async fn a_cad_bank_account_takes_a_canadian_routing_number(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let holder = customer(&app, &app.bootstrap.token).await;
        let with = |currency: &str, routing: &str, number: &str| -> ExternalBankAccountRequest {
            let mut body = bank_request(&holder, number);
            body["currency"] = json!(currency);
            body["bankAccount"]["routingNo"] = json!(routing);
            // The typed client writes the billing address's current spellings.
            let billing = body["bankAccount"]["billingAddress"].as_object_mut().unwrap();
            for (older, current) in [("state", "stateCode"), ("country", "countryCode")] {
                if let Some(value) = billing.shift_remove(older) {
                    billing.insert(current.to_owned(), value);
                }
            }
            typed(body)
        };
        let cheque_form = api.create_external_bank(&with("CAD", "12345-003", "1234567")).await.unwrap();
        let routing = cheque_form.bank_account.as_ref().and_then(|bank| bank.routing_no.as_deref());
        assert_eq!(routing, Some("000312345"), "kept in the electronic form");
        assert_eq!(cheque_form.currency, "CAD");
        let electronic = refused(api.create_external_bank(&with("CAD", "000312345", "1234567")).await, 409, "CONFLICT");
        assert_eq!(field_errors(&electronic)[0].1, "DUPLICATE", "the same account in either form");
        for (currency, routing) in [("CAD", "321171184"), ("USD", "12345-003"), ("USD", "000312346")] {
            let error = refused(api.create_external_bank(&with(currency, routing, "7654321")).await, 400, "VALIDATION_FAILED");
            assert_eq!(field_errors(&error), [("bankAccount.routingNo".to_owned(), "INVALID_FORMAT".to_owned())], "{currency} {routing}");
        }
    }
}
