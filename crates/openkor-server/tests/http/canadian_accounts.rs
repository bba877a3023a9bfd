//! Canadian bank accounts: a CAD external bank account takes a Canadian routing number (the
//! electronic or the cheque form, kept in the electronic one), a USD account an ABA one.

use crate::financial_account_fixtures::{bank_request, customer};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error, field_errors};
use serde_json::json;

on_both_backends! {
    async fn a_cad_bank_account_takes_a_canadian_routing_number(app: TestApp) {
        let token = &app.bootstrap.token;
        let holder = customer(&app, token).await;
        let with = |currency: &str, routing: &str, number: &str| {
            let mut body = bank_request(&holder, number);
            body["currency"] = json!(currency);
            body["bankAccount"]["routingNo"] = json!(routing);
            body
        };
        let cheque_form = TestApp::expect_json(app.post("/v1/external-bank-accounts", token, &with("CAD", "12345-003", "1234567")).await, 201).await;
        assert_eq!(cheque_form["bankAccount"]["routingNo"], "000312345", "kept in the electronic form");
        assert_eq!(cheque_form["currency"], "CAD");
        let electronic = with("CAD", "000312345", "1234567");
        let refused = assert_error(app.post("/v1/external-bank-accounts", token, &electronic).await, 409, "CONFLICT").await;
        assert_eq!(field_errors(&refused)[0].1, "DUPLICATE", "the same account in either form");
        for (currency, routing) in [("CAD", "321171184"), ("USD", "12345-003"), ("USD", "000312346")] {
            let refused = assert_error(app.post("/v1/external-bank-accounts", token, &with(currency, routing, "7654321")).await, 400, "VALIDATION_FAILED").await;
            assert_eq!(field_errors(&refused), [("bankAccount.routingNo".to_owned(), "INVALID_FORMAT".to_owned())], "{currency} {routing}");
        }
    }
}
