//! Each stored record's columns, its values in that order (for inserts) and its decoding from a
//! row by position, side by side, so adding a column is one edit per list in this one file.

use crate::StoreError;
use crate::db::{Row, Value};
use crate::records::{
    AddressOwner, AddressRow, AgreementRow, BeneficiaryRow, BusinessAccountRecord, ContactRow,
    CustomerRow, FinancialAccountRow, PrincipalRecord, ServiceAccountRecord,
};
use openkor_domain::clock::Timestamp;
use std::sync::LazyLock;
use time::Date;
use uuid::Uuid;

/// Reads the columns of a row one after the other, in select-list order.
pub(crate) struct Columns<'r> {
    row: &'r dyn Row,
    next: usize,
}

impl<'r> Columns<'r> {
    pub(crate) fn new(row: &'r dyn Row) -> Self {
        Self { row, next: 0 }
    }

    fn take(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }

    pub(crate) fn uuid(&mut self) -> Result<Uuid, StoreError> {
        let i = self.take();
        self.row.uuid(i)
    }
    pub(crate) fn opt_uuid(&mut self) -> Result<Option<Uuid>, StoreError> {
        let i = self.take();
        self.row.opt_uuid(i)
    }
    pub(crate) fn text(&mut self) -> Result<String, StoreError> {
        let i = self.take();
        self.row.text(i)
    }
    pub(crate) fn opt_text(&mut self) -> Result<Option<String>, StoreError> {
        let i = self.take();
        self.row.opt_text(i)
    }
    pub(crate) fn i64(&mut self) -> Result<i64, StoreError> {
        let i = self.take();
        self.row.i64(i)
    }
    pub(crate) fn bool(&mut self) -> Result<bool, StoreError> {
        let i = self.take();
        self.row.bool(i)
    }
    pub(crate) fn opt_bool(&mut self) -> Result<Option<bool>, StoreError> {
        let i = self.take();
        self.row.opt_bool(i)
    }
    pub(crate) fn timestamp(&mut self) -> Result<Timestamp, StoreError> {
        let i = self.take();
        self.row.timestamp(i)
    }
    pub(crate) fn opt_timestamp(&mut self) -> Result<Option<Timestamp>, StoreError> {
        let i = self.take();
        self.row.opt_timestamp(i)
    }
    pub(crate) fn opt_date(&mut self) -> Result<Option<Date>, StoreError> {
        let i = self.take();
        self.row.opt_date(i)
    }
    pub(crate) fn opt_bytes(&mut self) -> Result<Option<Vec<u8>>, StoreError> {
        let i = self.take();
        self.row.opt_bytes(i)
    }
}

/// `alias.c1, alias.c2, …`
pub(crate) fn qualified(alias: &str, columns: &[&str]) -> String {
    columns
        .iter()
        .map(|column| format!("{alias}.{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---- Business Accounts ----------------------------------------------------------------------

pub(crate) const BUSINESS_ACCOUNT_COLUMNS: [&str; 15] = [
    "id",
    "parent_id",
    "name",
    "description",
    "industry_code",
    "registered_state_code",
    "contacts",
    "verification_status",
    "verification_reason",
    "verification_updated_at",
    "verification_updated_by_type",
    "verification_updated_by_id",
    "sandbox",
    "created_at",
    "updated_at",
];

/// `ba.…` select list of a Business Account.
pub(crate) static BUSINESS_ACCOUNT_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("ba", &BUSINESS_ACCOUNT_COLUMNS));

pub(crate) fn business_account(row: &dyn Row) -> Result<BusinessAccountRecord, StoreError> {
    let mut c = Columns::new(row);
    Ok(BusinessAccountRecord {
        id: c.uuid()?,
        parent_id: c.opt_uuid()?,
        name: c.text()?,
        description: c.opt_text()?,
        industry_code: c.opt_text()?,
        registered_state_code: c.opt_text()?,
        contacts_json: c.text()?,
        verification_status: c.text()?,
        verification_reason: c.opt_text()?,
        verification_updated_at: c.timestamp()?,
        verification_updated_by_type: c.text()?,
        verification_updated_by_id: c.opt_uuid()?,
        sandbox: c.bool()?,
        created_at: c.timestamp()?,
        updated_at: c.timestamp()?,
    })
}

pub(crate) fn business_account_values(row: &BusinessAccountRecord) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.parent_id.into(),
        (&row.name).into(),
        (&row.description).into(),
        (&row.industry_code).into(),
        (&row.registered_state_code).into(),
        Value::Json(&row.contacts_json),
        (&row.verification_status).into(),
        (&row.verification_reason).into(),
        row.verification_updated_at.into(),
        (&row.verification_updated_by_type).into(),
        row.verification_updated_by_id.into(),
        row.sandbox.into(),
        row.created_at.into(),
        row.updated_at.into(),
    ]
}

// ---- Service Accounts -----------------------------------------------------------------------

pub(crate) const SERVICE_ACCOUNT_SELECT: &str =
    "id, business_account_id, name, role, api_key, disabled_at, created_at";

pub(crate) fn service_account(row: &dyn Row) -> Result<ServiceAccountRecord, StoreError> {
    let mut c = Columns::new(row);
    Ok(ServiceAccountRecord {
        id: c.uuid()?,
        business_account_id: c.uuid()?,
        name: c.text()?,
        role: c.text()?,
        api_key: c.text()?,
        disabled_at: c.opt_timestamp()?,
        created_at: c.timestamp()?,
    })
}

pub(crate) const PRINCIPAL_SELECT: &str =
    "id, business_account_id, role, disabled_at IS NULL AS enabled";

pub(crate) fn principal(row: &dyn Row) -> Result<PrincipalRecord, StoreError> {
    let mut c = Columns::new(row);
    Ok(PrincipalRecord {
        id: c.uuid()?,
        business_account_id: c.uuid()?,
        role: c.text()?,
        enabled: c.bool()?,
    })
}

// ---- Financial Accounts ---------------------------------------------------------------------

/// `fa.…` select list of a Financial Account, in [`FinancialAccountRow::COLUMNS`] order.
pub(crate) static FINANCIAL_ACCOUNT_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("fa", &FinancialAccountRow::COLUMNS));

pub(crate) fn financial_account(row: &dyn Row) -> Result<FinancialAccountRow, StoreError> {
    let mut c = Columns::new(row);
    Ok(FinancialAccountRow {
        id: c.uuid()?,
        business_account_id: c.uuid()?,
        parent_id: c.opt_uuid()?,
        name: c.text()?,
        search_name: c.text()?,
        category: c.text()?,
        account_type: c.text()?,
        subtype: c.text()?,
        default_flag: c.bool()?,
        currency: c.text()?,
        holder_type: c.text()?,
        holder_id: c.opt_uuid()?,
        customer_id: c.opt_uuid()?,
        state: c.text()?,
        account_number: c.opt_text()?,
        account_number_tail: c.text()?,
        fingerprint: c.opt_bytes()?,
        verification_status: c.text()?,
        verification_method: c.opt_text()?,
        bank_name: c.opt_text()?,
        routing_number: c.opt_text()?,
        name_on_account: c.opt_text()?,
        bank_business_name: c.opt_text()?,
        card_first_name: c.opt_text()?,
        card_middle_name: c.opt_text()?,
        card_last_name: c.opt_text()?,
        card_expiry: c.opt_text()?,
        billing_address_line1: c.opt_text()?,
        billing_address_line2: c.opt_text()?,
        billing_address_line3: c.opt_text()?,
        billing_city: c.opt_text()?,
        billing_state_code: c.opt_text()?,
        billing_country_code: c.opt_text()?,
        billing_postal_code: c.opt_text()?,
        created_by_type: c.text()?,
        created_by_id: c.opt_uuid()?,
        created_at: c.timestamp()?,
        updated_by_type: c.text()?,
        updated_by_id: c.opt_uuid()?,
        updated_at: c.timestamp()?,
    })
}

pub(crate) fn financial_account_values(row: &FinancialAccountRow) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.business_account_id.into(),
        row.parent_id.into(),
        (&row.name).into(),
        (&row.search_name).into(),
        (&row.category).into(),
        (&row.account_type).into(),
        (&row.subtype).into(),
        row.default_flag.into(),
        (&row.currency).into(),
        (&row.holder_type).into(),
        row.holder_id.into(),
        row.customer_id.into(),
        (&row.state).into(),
        (&row.account_number).into(),
        (&row.account_number_tail).into(),
        (&row.fingerprint).into(),
        (&row.verification_status).into(),
        (&row.verification_method).into(),
        (&row.bank_name).into(),
        (&row.routing_number).into(),
        (&row.name_on_account).into(),
        (&row.bank_business_name).into(),
        (&row.card_first_name).into(),
        (&row.card_middle_name).into(),
        (&row.card_last_name).into(),
        (&row.card_expiry).into(),
        (&row.billing_address_line1).into(),
        (&row.billing_address_line2).into(),
        (&row.billing_address_line3).into(),
        (&row.billing_city).into(),
        (&row.billing_state_code).into(),
        (&row.billing_country_code).into(),
        (&row.billing_postal_code).into(),
        (&row.created_by_type).into(),
        row.created_by_id.into(),
        row.created_at.into(),
        (&row.updated_by_type).into(),
        row.updated_by_id.into(),
        row.updated_at.into(),
    ]
}

pub(crate) const AGREEMENT_COLUMNS: [&str; 7] = [
    "business_account_id",
    "financial_account_id",
    "position",
    "document_id",
    "document_version",
    "accepted",
    "responded_at",
];

pub(crate) fn agreement_values(row: &AgreementRow) -> Vec<Value<'_>> {
    vec![
        row.business_account_id.into(),
        row.financial_account_id.into(),
        row.position.into(),
        (&row.document_id).into(),
        (&row.document_version).into(),
        row.accepted.into(),
        row.responded_at.into(),
    ]
}

// ---- Customers ------------------------------------------------------------------------------

/// Every customer column: the ones set at creation, then the ones an update rewrites.
pub(crate) static CUSTOMER_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    CustomerRow::CREATE_COLUMNS
        .iter()
        .chain(CustomerRow::MUTABLE_COLUMNS.iter())
        .copied()
        .collect()
});

/// `c.…` select list of a customer.
pub(crate) static CUSTOMER_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("c", &CUSTOMER_COLUMNS));

pub(crate) fn customer(row: &dyn Row) -> Result<CustomerRow, StoreError> {
    let mut c = Columns::new(row);
    // CREATE_COLUMNS first …
    let id = c.uuid()?;
    let business_account_id = c.uuid()?;
    let created_by_type = c.text()?;
    let created_by_id = c.opt_uuid()?;
    let created_at = c.timestamp()?;
    // … then MUTABLE_COLUMNS.
    Ok(CustomerRow {
        id,
        business_account_id,
        created_by_type,
        created_by_id,
        created_at,
        customer_type: c.text()?,
        status: c.text()?,
        external_id: c.opt_text()?,
        first_name: c.opt_text()?,
        middle_name: c.opt_text()?,
        last_name: c.opt_text()?,
        phone_number: c.opt_text()?,
        phone_type: c.opt_text()?,
        phone_provider: c.opt_text()?,
        phone_extension: c.opt_text()?,
        phone_verified: c.opt_bool()?,
        email: c.opt_text()?,
        email_verified: c.opt_bool()?,
        date_of_birth: c.opt_date()?,
        business_name: c.opt_text()?,
        website: c.opt_text()?,
        metadata_json: c.text()?,
        search_name: c.text()?,
        search_email: c.opt_text()?,
        search_phone: c.opt_text()?,
        search_phone_digits: c.opt_text()?,
        verification_status: c.text()?,
        verification_reason: c.opt_text()?,
        verification_updated_at: c.timestamp()?,
        verification_updated_by_type: c.text()?,
        verification_updated_by_id: c.opt_uuid()?,
        version: c.i64()?,
        updated_by_type: c.text()?,
        updated_by_id: c.opt_uuid()?,
        updated_at: c.timestamp()?,
    })
}

/// The values of [`CustomerRow::CREATE_COLUMNS`].
pub(crate) fn customer_create_values(row: &CustomerRow) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.business_account_id.into(),
        (&row.created_by_type).into(),
        row.created_by_id.into(),
        row.created_at.into(),
    ]
}

/// The values of [`CustomerRow::MUTABLE_COLUMNS`].
pub(crate) fn customer_mutable_values(row: &CustomerRow) -> Vec<Value<'_>> {
    vec![
        (&row.customer_type).into(),
        (&row.status).into(),
        (&row.external_id).into(),
        (&row.first_name).into(),
        (&row.middle_name).into(),
        (&row.last_name).into(),
        (&row.phone_number).into(),
        (&row.phone_type).into(),
        (&row.phone_provider).into(),
        (&row.phone_extension).into(),
        row.phone_verified.into(),
        (&row.email).into(),
        row.email_verified.into(),
        row.date_of_birth.into(),
        (&row.business_name).into(),
        (&row.website).into(),
        (&row.metadata_json).into(),
        (&row.search_name).into(),
        (&row.search_email).into(),
        (&row.search_phone).into(),
        (&row.search_phone_digits).into(),
        (&row.verification_status).into(),
        (&row.verification_reason).into(),
        row.verification_updated_at.into(),
        (&row.verification_updated_by_type).into(),
        row.verification_updated_by_id.into(),
        row.version.into(),
        (&row.updated_by_type).into(),
        row.updated_by_id.into(),
        row.updated_at.into(),
    ]
}

pub(crate) const CONTACT_COLUMNS: [&str; 14] = [
    "business_account_id",
    "customer_id",
    "position",
    "first_name",
    "middle_name",
    "last_name",
    "is_primary",
    "phone_number",
    "phone_type",
    "phone_provider",
    "phone_extension",
    "phone_verified",
    "email",
    "email_verified",
];

pub(crate) fn contact(row: &dyn Row) -> Result<ContactRow, StoreError> {
    let mut c = Columns::new(row);
    Ok(ContactRow {
        business_account_id: c.uuid()?,
        customer_id: c.uuid()?,
        position: c.i64()?,
        first_name: c.text()?,
        middle_name: c.opt_text()?,
        last_name: c.text()?,
        is_primary: c.bool()?,
        phone_number: c.text()?,
        phone_type: c.text()?,
        phone_provider: c.opt_text()?,
        phone_extension: c.opt_text()?,
        phone_verified: c.bool()?,
        email: c.text()?,
        email_verified: c.bool()?,
    })
}

pub(crate) fn contact_values(row: &ContactRow) -> Vec<Value<'_>> {
    vec![
        row.business_account_id.into(),
        row.customer_id.into(),
        row.position.into(),
        (&row.first_name).into(),
        (&row.middle_name).into(),
        (&row.last_name).into(),
        row.is_primary.into(),
        (&row.phone_number).into(),
        (&row.phone_type).into(),
        (&row.phone_provider).into(),
        (&row.phone_extension).into(),
        row.phone_verified.into(),
        (&row.email).into(),
        row.email_verified.into(),
    ]
}

// ---- Addresses ------------------------------------------------------------------------------

/// The columns of an address table: the tenant, the owner, then the rest.
pub(crate) fn address_columns(owner: AddressOwner) -> Vec<&'static str> {
    let mut columns = vec!["business_account_id", owner.owner_column()];
    columns.extend(AddressRow::COLUMNS_AFTER_OWNER);
    columns
}

pub(crate) fn address(row: &dyn Row) -> Result<AddressRow, StoreError> {
    let mut c = Columns::new(row);
    Ok(AddressRow {
        business_account_id: c.uuid()?,
        owner_id: c.uuid()?,
        position: c.i64()?,
        address_type: c.text()?,
        name_first: c.opt_text()?,
        name_middle: c.opt_text()?,
        name_last: c.opt_text()?,
        street_line1: c.text()?,
        street_line2: c.opt_text()?,
        street_line3: c.opt_text()?,
        street_line4: c.opt_text()?,
        street_line5: c.opt_text()?,
        apartment_number: c.opt_text()?,
        city_name: c.opt_text()?,
        state_code: c.opt_text()?,
        country_code: c.opt_text()?,
        zip_code: c.text()?,
        is_primary: c.bool()?,
        search_city: c.opt_text()?,
        search_zip: c.text()?,
    })
}

pub(crate) fn address_values(row: &AddressRow) -> Vec<Value<'_>> {
    vec![
        row.business_account_id.into(),
        row.owner_id.into(),
        row.position.into(),
        (&row.address_type).into(),
        (&row.name_first).into(),
        (&row.name_middle).into(),
        (&row.name_last).into(),
        (&row.street_line1).into(),
        (&row.street_line2).into(),
        (&row.street_line3).into(),
        (&row.street_line4).into(),
        (&row.street_line5).into(),
        (&row.apartment_number).into(),
        (&row.city_name).into(),
        (&row.state_code).into(),
        (&row.country_code).into(),
        (&row.zip_code).into(),
        row.is_primary.into(),
        (&row.search_city).into(),
        (&row.search_zip).into(),
    ]
}

// ---- Beneficial owners ----------------------------------------------------------------------

/// Every beneficial-owner column: the ones set at creation, then the ones an update rewrites.
pub(crate) static BENEFICIARY_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    BeneficiaryRow::CREATE_COLUMNS
        .iter()
        .chain(BeneficiaryRow::MUTABLE_COLUMNS.iter())
        .copied()
        .collect()
});

/// `b.…` select list of a beneficial owner.
pub(crate) static BENEFICIARY_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("b", &BENEFICIARY_COLUMNS));

pub(crate) fn beneficiary(row: &dyn Row) -> Result<BeneficiaryRow, StoreError> {
    let mut c = Columns::new(row);
    let id = c.uuid()?;
    let business_account_id = c.uuid()?;
    let customer_id = c.uuid()?;
    let created_by_type = c.text()?;
    let created_by_id = c.opt_uuid()?;
    let created_at = c.timestamp()?;
    Ok(BeneficiaryRow {
        id,
        business_account_id,
        customer_id,
        created_by_type,
        created_by_id,
        created_at,
        first_name: c.text()?,
        middle_name: c.opt_text()?,
        last_name: c.text()?,
        sex: c.opt_text()?,
        phone_number: c.opt_text()?,
        phone_type: c.opt_text()?,
        phone_provider: c.opt_text()?,
        phone_extension: c.opt_text()?,
        phone_verified: c.opt_bool()?,
        email: c.opt_text()?,
        email_verified: c.opt_bool()?,
        date_of_birth: c.opt_date()?,
        has_place_of_birth: c.bool()?,
        place_of_birth_city: c.opt_text()?,
        place_of_birth_country_code: c.opt_text()?,
        social_id: c.opt_text()?,
        social_id_country_code: c.opt_text()?,
        citizenship_country_code: c.opt_text()?,
        title: c.opt_text()?,
        ownership_percentage: c.opt_text()?,
        controller: c.bool()?,
        verification_status: c.text()?,
        verification_reason: c.opt_text()?,
        verification_updated_at: c.timestamp()?,
        verification_updated_by_type: c.text()?,
        verification_updated_by_id: c.opt_uuid()?,
        version: c.i64()?,
        updated_by_type: c.text()?,
        updated_by_id: c.opt_uuid()?,
        updated_at: c.timestamp()?,
    })
}

/// The values of [`BeneficiaryRow::CREATE_COLUMNS`].
pub(crate) fn beneficiary_create_values(row: &BeneficiaryRow) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.business_account_id.into(),
        row.customer_id.into(),
        (&row.created_by_type).into(),
        row.created_by_id.into(),
        row.created_at.into(),
    ]
}

/// The values of [`BeneficiaryRow::MUTABLE_COLUMNS`].
pub(crate) fn beneficiary_mutable_values(row: &BeneficiaryRow) -> Vec<Value<'_>> {
    vec![
        (&row.first_name).into(),
        (&row.middle_name).into(),
        (&row.last_name).into(),
        (&row.sex).into(),
        (&row.phone_number).into(),
        (&row.phone_type).into(),
        (&row.phone_provider).into(),
        (&row.phone_extension).into(),
        row.phone_verified.into(),
        (&row.email).into(),
        row.email_verified.into(),
        row.date_of_birth.into(),
        row.has_place_of_birth.into(),
        (&row.place_of_birth_city).into(),
        (&row.place_of_birth_country_code).into(),
        (&row.social_id).into(),
        (&row.social_id_country_code).into(),
        (&row.citizenship_country_code).into(),
        (&row.title).into(),
        (&row.ownership_percentage).into(),
        row.controller.into(),
        (&row.verification_status).into(),
        (&row.verification_reason).into(),
        row.verification_updated_at.into(),
        (&row.verification_updated_by_type).into(),
        row.verification_updated_by_id.into(),
        row.version.into(),
        (&row.updated_by_type).into(),
        row.updated_by_id.into(),
        row.updated_at.into(),
    ]
}

/// `(id, secret_sha256)` bytes as stored.
pub(crate) fn secret_hash(bytes: Vec<u8>) -> Result<[u8; 32], StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Other("a stored secret has the wrong length".into()))
}
