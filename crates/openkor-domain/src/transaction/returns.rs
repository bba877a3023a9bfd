//! ACH returns (reference §9.1 `RETURN`): the receiving bank (RDFI) sends a settled ACH entry
//! back with a NACHA reason code. The `RETURN` transaction moves the money back at once, and
//! may overdraw the account it takes the money from: the bank has already taken it.
//!
//! Which codes openkor knows, which entries each can return (some codes only ever return a
//! debit, one only a credit), and the metadata a `RETURN` carries.

use super::{Solution, Transaction, TransactionStatus, TransactionType};
use crate::metadata::Metadata;

/// Which entries a return code applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    /// Debits and credits.
    Both,
    /// Only debits: an ACH `REQUEST` (money pulled from the external account).
    DebitsOnly,
    /// Only credits: an ACH `SEND` (money pushed to the external account).
    CreditsOnly,
}

/// A NACHA return reason code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReturnCode {
    /// `R01`…
    pub code: &'static str,
    /// What the receiving bank says.
    pub description: &'static str,
    /// Which entries it can return.
    pub applies: Applies,
}

const fn code(code: &'static str, description: &'static str, applies: Applies) -> ReturnCode {
    ReturnCode {
        code,
        description,
        applies,
    }
}

/// The return codes the sandbox can simulate.
pub const RETURN_CODES: &[ReturnCode] = &[
    code("R01", "Insufficient Funds", Applies::DebitsOnly),
    code("R02", "Account Closed", Applies::Both),
    code("R03", "No Account/Unable to Locate Account", Applies::Both),
    code("R04", "Invalid Account Number Structure", Applies::Both),
    code(
        "R05",
        "Unauthorized Debit to Consumer Account Using Corporate SEC Code",
        Applies::DebitsOnly,
    ),
    code("R06", "Returned per ODFI's Request", Applies::Both),
    code(
        "R07",
        "Authorization Revoked by Customer",
        Applies::DebitsOnly,
    ),
    code("R08", "Payment Stopped", Applies::DebitsOnly),
    code("R09", "Uncollected Funds", Applies::DebitsOnly),
    code(
        "R10",
        "Customer Advises Originator is Not Known to Receiver and/or Originator is Not Authorized by Receiver to Debit Receiver's Account",
        Applies::DebitsOnly,
    ),
    code(
        "R11",
        "Customer Advises Entry Not in Accordance with the Terms of the Authorization",
        Applies::DebitsOnly,
    ),
    code("R12", "Account Sold to Another DFI", Applies::Both),
    code(
        "R14",
        "Representative Payee Deceased or Unable to Continue in That Capacity",
        Applies::Both,
    ),
    code(
        "R15",
        "Beneficiary or Account Holder (Other Than a Representative Payee) Deceased",
        Applies::Both,
    ),
    code(
        "R16",
        "Account Frozen/Entry Returned per OFAC Instruction",
        Applies::Both,
    ),
    code("R17", "File Record Edit Criteria", Applies::Both),
    code("R20", "Non-Transaction Account", Applies::Both),
    code(
        "R23",
        "Credit Entry Refused by Receiver",
        Applies::CreditsOnly,
    ),
    code("R24", "Duplicate Entry", Applies::Both),
    code(
        "R29",
        "Corporate Customer Advises Not Authorized",
        Applies::DebitsOnly,
    ),
];

/// The return code `text` names exactly, if openkor knows it.
pub fn return_code(text: &str) -> Option<ReturnCode> {
    RETURN_CODES
        .iter()
        .copied()
        .find(|known| known.code == text)
}

/// Why `original` cannot be returned with `code`, if it cannot: only a SETTLED or CLEARED ACH
/// SEND or REQUEST comes back from the receiving bank, and only with a code for its direction.
pub fn return_refusal(original: &Transaction, code: ReturnCode) -> Option<String> {
    let status = original.latest_status.status;
    if !matches!(
        status,
        TransactionStatus::Settled | TransactionStatus::Cleared
    ) {
        return Some(format!(
            "the transaction is {}; only a SETTLED or CLEARED ACH transaction can be returned",
            status.code()
        ));
    }
    if original.solution != Solution::Ach {
        return Some(format!(
            "only an ACH transaction can be returned; this one is {}",
            original.solution.code()
        ));
    }
    let direction_fits = match original.transaction_type {
        TransactionType::Send => code.applies != Applies::DebitsOnly,
        TransactionType::Request => code.applies != Applies::CreditsOnly,
        other => return Some(format!("a {} transaction cannot be returned", other.code())),
    };
    (!direction_fits).then(|| {
        format!(
            "{} ({}) does not return an ACH {}",
            code.code,
            code.description,
            original.transaction_type.code()
        )
    })
}

/// The metadata of the `RETURN` of `original`: the original's, with `rkorTransactionType`
/// `RETURN`, `rkorReasonCode` and `rkorReasonDescription`.
pub fn return_metadata(original: &Metadata, code: ReturnCode) -> Metadata {
    let mut metadata = original.clone();
    for (key, value) in [
        ("rkorTransactionType", "RETURN"),
        ("rkorReasonCode", code.code),
        ("rkorReasonDescription", code.description),
    ] {
        metadata.insert(key.to_owned(), value.to_owned());
    }
    metadata
}

/// Whether the postings of a transaction of this type may take a Financial Account below
/// zero available. Only a `RETURN` may: the receiving bank has taken the money back already.
pub const fn may_overdraw(transaction_type: TransactionType) -> bool {
    matches!(transaction_type, TransactionType::Return)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::METADATA_VALUE_CHARS_MAX;

    #[test]
    fn codes_are_unique_and_fit_metadata() {
        for (i, known) in RETURN_CODES.iter().enumerate() {
            assert_eq!(return_code(known.code), Some(*known));
            assert!(RETURN_CODES[i + 1..].iter().all(|c| c.code != known.code));
            assert!(known.description.chars().count() <= METADATA_VALUE_CHARS_MAX);
        }
        assert_eq!(return_code("r01"), None);
        assert_eq!(return_code("R99"), None);
    }

    #[test]
    fn the_return_metadata_keeps_the_original_pairs() {
        let original = Metadata::from([
            ("rkorACHEntryType".to_owned(), "PPD".to_owned()),
            ("rkorTransactionType".to_owned(), "REQUEST".to_owned()),
        ]);
        let code = return_code("R01").expect("known");
        let metadata = return_metadata(&original, code);
        assert_eq!(metadata["rkorACHEntryType"], "PPD");
        assert_eq!(metadata["rkorTransactionType"], "RETURN");
        assert_eq!(metadata["rkorReasonCode"], "R01");
        assert_eq!(metadata["rkorReasonDescription"], "Insufficient Funds");
    }
}
