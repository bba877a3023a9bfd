//! The payment reasons openkor knows (reference §9.4): the documented wire list, which every
//! solution accepts, and `funds_transfer`, which wires do not.

/// One payment reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentReason {
    /// Its id (`paymentReasonId`).
    pub id: &'static str,
    /// Its display text (`paymentReason`).
    pub description: &'static str,
    /// Whether a wire may carry it.
    pub wire: bool,
}

/// Every payment reason, in the order the list endpoint returns them.
pub const PAYMENT_REASONS: &[PaymentReason] = &[
    reason("bill-payment", "Bill Payment", true),
    reason("deposit", "Deposit", true),
    reason(
        "emergency-relief-disbursements",
        "Emergency Relief Disbursements",
        true,
    ),
    reason("healthcare-disbursements", "Healthcare Disbursements", true),
    reason("insurance-disbursements", "Insurance Disbursements", true),
    reason(
        "litigation-and-settlement-disbursements",
        "Litigation and Settlement Disbursements",
        true,
    ),
    reason("loan-payouts", "Loan Payouts", true),
    reason("funds_transfer", "Funds Transfer", false),
];

const fn reason(id: &'static str, description: &'static str, wire: bool) -> PaymentReason {
    PaymentReason {
        id,
        description,
        wire,
    }
}

/// The payment reason `id`, if openkor knows it.
pub fn payment_reason(id: &str) -> Option<PaymentReason> {
    PAYMENT_REASONS
        .iter()
        .copied()
        .find(|reason| reason.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_found_by_id_and_funds_transfer_is_not_for_wires() {
        assert_eq!(
            payment_reason("loan-payouts").map(|r| r.description),
            Some("Loan Payouts")
        );
        assert_eq!(
            payment_reason("funds_transfer").map(|r| r.wire),
            Some(false)
        );
        assert!(payment_reason("Loan-Payouts").is_none());
    }
}
