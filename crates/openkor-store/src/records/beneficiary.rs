//! Beneficial-owner rows. The social id is kept sealed (`social_id_sealed`, bound to its
//! row); `social_id` holds only what an earlier release wrote, until the next start seals it.

use super::address::AddressRow;
use super::{actor, corrupt, parse_code};
use crate::StoreError;
use crate::sealing::DataKeys;
use openkor_domain::beneficiary::{Beneficiary, BeneficiaryData, PlaceOfBirth, Sex};
use openkor_domain::business_account::{VerificationState, VerificationStatus};
use openkor_domain::clock::Timestamp;
use openkor_domain::contact::{Email, PhoneNumber, PhoneType};
use openkor_domain::ids::{BeneficiaryId, BusinessAccountId, CustomerId};
use time::Date;
use uuid::Uuid;

/// One `beneficiaries` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BeneficiaryRow {
    /// `id`
    pub id: Uuid,
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `customer_id`
    pub customer_id: Uuid,
    /// `first_name`
    pub first_name: String,
    /// `middle_name`
    pub middle_name: Option<String>,
    /// `last_name`
    pub last_name: String,
    /// `sex`
    pub sex: Option<String>,
    /// `phone_number`
    pub phone_number: Option<String>,
    /// `phone_type`
    pub phone_type: Option<String>,
    /// `phone_provider`
    pub phone_provider: Option<String>,
    /// `phone_extension`
    pub phone_extension: Option<String>,
    /// `phone_verified`
    pub phone_verified: Option<bool>,
    /// `email`
    pub email: Option<String>,
    /// `email_verified`
    pub email_verified: Option<bool>,
    /// `date_of_birth`
    pub date_of_birth: Option<Date>,
    /// `place_of_birth_city`
    pub place_of_birth_city: Option<String>,
    /// `place_of_birth_country_code`
    pub place_of_birth_country_code: Option<String>,
    /// `has_place_of_birth`
    pub has_place_of_birth: bool,
    /// `social_id`: the plaintext an earlier release wrote; never written by this one.
    pub social_id: Option<String>,
    /// `social_id_sealed`: the social id sealed for this row ([`social_id_context`]).
    pub social_id_sealed: Option<Vec<u8>>,
    /// `social_id_country_code`
    pub social_id_country_code: Option<String>,
    /// `citizenship_country_code`
    pub citizenship_country_code: Option<String>,
    /// `title`
    pub title: Option<String>,
    /// `ownership_percentage`
    pub ownership_percentage: Option<String>,
    /// `controller`
    pub controller: bool,
    /// `verification_status`
    pub verification_status: String,
    /// `verification_reason`
    pub verification_reason: Option<String>,
    /// `verification_updated_at`
    pub verification_updated_at: Timestamp,
    /// `verification_updated_by_type`
    pub verification_updated_by_type: String,
    /// `verification_updated_by_id`
    pub verification_updated_by_id: Option<Uuid>,
    /// `version`
    pub version: i64,
    /// `created_by_type`
    pub created_by_type: String,
    /// `created_by_id`
    pub created_by_id: Option<Uuid>,
    /// `created_at`
    pub created_at: Timestamp,
    /// `updated_by_type`
    pub updated_by_type: String,
    /// `updated_by_id`
    pub updated_by_id: Option<Uuid>,
    /// `updated_at`
    pub updated_at: Timestamp,
}

impl BeneficiaryRow {
    /// Columns written only when the row is created.
    pub const CREATE_COLUMNS: [&'static str; 6] = [
        "id",
        "business_account_id",
        "customer_id",
        "created_by_type",
        "created_by_id",
        "created_at",
    ];

    /// Columns every write sets, in the order backends bind them.
    pub const MUTABLE_COLUMNS: [&'static str; 31] = [
        "first_name",
        "middle_name",
        "last_name",
        "sex",
        "phone_number",
        "phone_type",
        "phone_provider",
        "phone_extension",
        "phone_verified",
        "email",
        "email_verified",
        "date_of_birth",
        "has_place_of_birth",
        "place_of_birth_city",
        "place_of_birth_country_code",
        "social_id",
        "social_id_sealed",
        "social_id_country_code",
        "citizenship_country_code",
        "title",
        "ownership_percentage",
        "controller",
        "verification_status",
        "verification_reason",
        "verification_updated_at",
        "verification_updated_by_type",
        "verification_updated_by_id",
        "version",
        "updated_by_type",
        "updated_by_id",
        "updated_at",
    ];
}

/// What a beneficial owner's sealed social id is bound to: its column and its row.
pub fn social_id_context(beneficiary: Uuid) -> Vec<u8> {
    [
        b"beneficiaries.social_id:".as_slice(),
        beneficiary.as_bytes(),
    ]
    .concat()
}

/// The rows of a beneficial owner: its row, with the social id sealed under `keys`, and its
/// addresses.
pub fn beneficiary_rows(
    beneficiary: &Beneficiary,
    keys: &DataKeys,
) -> Result<(BeneficiaryRow, Vec<AddressRow>), StoreError> {
    let data = &beneficiary.data;
    let context = social_id_context(beneficiary.id.as_uuid());
    let social_id_sealed = data
        .social_id
        .as_ref()
        .map(|social_id| keys.seal(&context, social_id.as_bytes()))
        .transpose()?;
    let phone = data.primary_phone_number.as_ref();
    let row = BeneficiaryRow {
        id: beneficiary.id.as_uuid(),
        business_account_id: beneficiary.business_account_id.as_uuid(),
        customer_id: beneficiary.customer_id.as_uuid(),
        first_name: data.first_name.clone(),
        middle_name: data.middle_name.clone(),
        last_name: data.last_name.clone(),
        sex: data.sex.map(|s| s.code().to_owned()),
        phone_number: phone.map(|p| p.number.clone()),
        phone_type: phone.map(|p| p.phone_type.code().to_owned()),
        phone_provider: phone.and_then(|p| p.provider.clone()),
        phone_extension: phone.and_then(|p| p.extension.clone()),
        phone_verified: phone.map(|p| p.verified),
        email: data.primary_email.as_ref().map(|e| e.value.clone()),
        email_verified: data.primary_email.as_ref().map(|e| e.verified),
        date_of_birth: data.date_of_birth,
        place_of_birth_city: data.place_of_birth.as_ref().and_then(|p| p.city.clone()),
        place_of_birth_country_code: data
            .place_of_birth
            .as_ref()
            .and_then(|p| p.country_code.clone()),
        has_place_of_birth: data.place_of_birth.is_some(),
        social_id: None,
        social_id_sealed,
        social_id_country_code: data.social_id_country_code.clone(),
        citizenship_country_code: data.citizenship_country_code.clone(),
        title: data.title.clone(),
        ownership_percentage: data.ownership_percentage.clone(),
        controller: data.controller,
        verification_status: beneficiary.verification.status.code().to_owned(),
        verification_reason: beneficiary.verification.reason.clone(),
        verification_updated_at: beneficiary.verification.updated_at,
        verification_updated_by_type: beneficiary.verification.updated_by.kind.code().to_owned(),
        verification_updated_by_id: beneficiary.verification.updated_by.id,
        version: beneficiary.version,
        created_by_type: beneficiary.created_by.kind.code().to_owned(),
        created_by_id: beneficiary.created_by.id,
        created_at: beneficiary.created_at,
        updated_by_type: beneficiary.updated_by.kind.code().to_owned(),
        updated_by_id: beneficiary.updated_by.id,
        updated_at: beneficiary.updated_at,
    };
    let addresses = AddressRow::all(row.business_account_id, row.id, &data.addresses);
    Ok((row, addresses))
}

/// The social id of `row`: the plaintext an earlier release wrote (it wins: that release left
/// the sealed column as it was), or the sealed one opened with `keys`.
pub fn social_id(row: &BeneficiaryRow, keys: &DataKeys) -> Result<Option<String>, StoreError> {
    let (Some(sealed), None) = (&row.social_id_sealed, &row.social_id) else {
        return Ok(row.social_id.clone());
    };
    let opened = keys.open(&social_id_context(row.id), sealed)?;
    String::from_utf8(opened)
        .map(Some)
        .map_err(|_| corrupt("social id", "<not UTF-8>"))
}

/// Rebuilds a beneficial owner from its rows, opening its social id with `keys`.
pub fn beneficiary_from_rows(
    row: BeneficiaryRow,
    addresses: Vec<AddressRow>,
    keys: &DataKeys,
) -> Result<Beneficiary, StoreError> {
    let social_id = social_id(&row, keys)?;
    let primary_phone_number = match (row.phone_number, row.phone_type) {
        (Some(number), Some(code)) => Some(PhoneNumber {
            number,
            phone_type: parse_code("phone type", &code, PhoneType::from_code)?,
            provider: row.phone_provider,
            extension: row.phone_extension,
            verified: row.phone_verified.unwrap_or(false),
        }),
        (None, None) => None,
        _ => return Err(corrupt("phone", "<partial>")),
    };
    Ok(Beneficiary {
        id: BeneficiaryId::from_uuid(row.id),
        business_account_id: BusinessAccountId::from_uuid(row.business_account_id),
        customer_id: CustomerId::from_uuid(row.customer_id),
        data: BeneficiaryData {
            first_name: row.first_name,
            middle_name: row.middle_name,
            last_name: row.last_name,
            sex: row
                .sex
                .map(|code| parse_code("sex", &code, Sex::from_code))
                .transpose()?,
            primary_phone_number,
            primary_email: row.email.map(|value| Email {
                value,
                verified: row.email_verified.unwrap_or(false),
            }),
            date_of_birth: row.date_of_birth,
            place_of_birth: row.has_place_of_birth.then_some(PlaceOfBirth {
                city: row.place_of_birth_city,
                country_code: row.place_of_birth_country_code,
            }),
            social_id,
            social_id_country_code: row.social_id_country_code,
            citizenship_country_code: row.citizenship_country_code,
            title: row.title,
            ownership_percentage: row.ownership_percentage,
            controller: row.controller,
            addresses: addresses
                .into_iter()
                .map(AddressRow::into_address)
                .collect::<Result<_, _>>()?,
        },
        verification: VerificationStatus {
            status: parse_code(
                "verification status",
                &row.verification_status,
                VerificationState::from_code,
            )?,
            reason: row.verification_reason,
            updated_at: row.verification_updated_at,
            updated_by: actor(
                &row.verification_updated_by_type,
                row.verification_updated_by_id,
            )?,
        },
        version: row.version,
        created_by: actor(&row.created_by_type, row.created_by_id)?,
        created_at: row.created_at,
        updated_by: actor(&row.updated_by_type, row.updated_by_id)?,
        updated_at: row.updated_at,
    })
}
