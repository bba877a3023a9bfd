//! Customers (individual and business) and their beneficial owners.

use super::*;

/// An individual customer (reference §4.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndividualCustomer {
    /// Id.
    pub id: String,
    /// `ACTIVE` or `SUSPENDED`.
    pub status: String,
    /// External id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Phone, E.164.
    pub primary_phone_number: PhoneNumber,
    /// E-mail.
    pub primary_email: Email,
    /// Date of birth, `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Addresses.
    pub addresses: Vec<Address>,
    /// Metadata.
    pub metadata: BTreeMap<String, String>,
    /// Identity-verification status.
    pub verification_status: VerificationStatus,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: String,
    /// Last updater.
    pub updated_by: Actor,
    /// Last update time.
    pub updated_at: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A business customer (reference §4.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessCustomer {
    /// Id.
    pub id: String,
    /// `ACTIVE` or `SUSPENDED`.
    pub status: String,
    /// External id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Doing-business-as name (same value as `doingBusinessAsName`).
    pub business_name: String,
    /// Doing-business-as name (same value as `businessName`).
    pub doing_business_as_name: String,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Contacts; exactly one is primary.
    pub contacts: Vec<Contact>,
    /// Addresses.
    pub addresses: Vec<Address>,
    /// Metadata.
    pub metadata: BTreeMap<String, String>,
    /// Identity-verification status.
    pub verification_status: VerificationStatus,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: String,
    /// Last updater.
    pub updated_by: Actor,
    /// Last update time.
    pub updated_at: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/customers` (an update is a [`CustomerUpdate`]).
/// `type` is required; INDIVIDUAL needs `firstName`, `lastName`, `primaryPhoneNumber`,
/// `primaryEmail`; BUSINESS needs `businessName` (or its alias `doingBusinessAsName`) and
/// `contacts` with exactly one primary. Fields of the other customer type are refused.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRequest {
    /// `INDIVIDUAL` or `BUSINESS`; cannot change on update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// INDIVIDUAL: first name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// INDIVIDUAL: middle name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// INDIVIDUAL: last name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<PhoneNumberRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<EmailRequest>,
    /// INDIVIDUAL: date of birth, `yyyy-MM-dd`, 1900-01-01 to today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// BUSINESS: doing-business-as name, 1–100 characters (alias of `doingBusinessAsName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// BUSINESS: doing-business-as name (alias of `businessName`; both must agree if both given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doing_business_as_name: Option<String>,
    /// BUSINESS: web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// BUSINESS: 1–10 contacts, exactly one primary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<ContactRequest>>,
    /// Up to 20 addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<Address>>,
    /// The client's reference, 1–100 characters, unique among the Business Account's customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Up to 5 pairs; keys 1–64 characters, values at most 1024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    /// The Customer's transaction limits (`CUSTOMER` scope), each replacing the default of its
    /// type and currency; at most 8 (change them later with `PUT /v1/limits`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Vec<GivenLimit>>,
}

/// The body of `PUT /v1/customers/{customerId}`: every field is optional; an absent field
/// keeps its value, `null` clears an optional one (a required one is refused). Nothing the
/// update does not name is lost: `addresses` and `contacts` entries merge into the stored
/// lists (an entry with an `id` replaces that entry, or removes it with `remove: Some(true)`;
/// one equal to a stored entry is that entry; any other is added), `metadata` merges key by
/// key (`None` deletes a key). Fields of the other customer type are refused; limits are
/// changed with `PUT /v1/limits`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUpdate {
    /// `INDIVIDUAL` or `BUSINESS`: accepted only unchanged.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub r#type: Patch<String>,
    /// INDIVIDUAL: first name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub first_name: Patch<String>,
    /// INDIVIDUAL: middle name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub middle_name: Patch<String>,
    /// INDIVIDUAL: last name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub last_name: Patch<String>,
    /// INDIVIDUAL: the phone number.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub primary_phone_number: Patch<PhoneNumberRequest>,
    /// INDIVIDUAL: the e-mail address.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub primary_email: Patch<EmailRequest>,
    /// INDIVIDUAL: date of birth, `yyyy-MM-dd`, 1900-01-01 to today.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub date_of_birth: Patch<String>,
    /// BUSINESS: doing-business-as name, 1–100 characters (alias of `doingBusinessAsName`).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub business_name: Patch<String>,
    /// BUSINESS: doing-business-as name (alias of `businessName`; both must agree if both given).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub doing_business_as_name: Patch<String>,
    /// BUSINESS: web address.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub website: Patch<String>,
    /// BUSINESS: contacts merged into the stored ones (1–10 in all, exactly one primary).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub contacts: Patch<Vec<ContactRequest>>,
    /// Addresses merged into the stored ones (at most 20 in all); `null` removes every address.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub addresses: Patch<Vec<Address>>,
    /// The client's reference, 1–100 characters, unique among the Business Account's customers.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub external_id: Patch<String>,
    /// Pairs merged into the stored ones key by key (at most 5 in all): `None` deletes its key;
    /// `null` for the whole map deletes every key.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub metadata: Patch<BTreeMap<String, Option<String>>>,
}

/// One limit a Customer is given at creation: `{"limitType": "DAILY", "currency": "USD",
/// "amount": "1000.00"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GivenLimit {
    /// `SINGLE`, `DAILY`, `WEEKLY` or `MONTHLY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_type: Option<String>,
    /// `USD` or `CAD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The cap: a decimal string (a JSON number is accepted too), at least 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

/// A beneficial owner (reference §4.5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Beneficiary {
    /// The business customer it belongs to.
    pub parent_id: String,
    /// Id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<PhoneNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<Email>,
    /// Date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<PlaceOfBirth>,
    /// National id, truncated: five asterisks and its last four characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_id: Option<String>,
    /// Country that issued the social id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_id_country_code: Option<String>,
    /// Citizenship.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizenship_country_code: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Share owned, as a decimal string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership_percentage: Option<String>,
    /// Exercises significant control.
    pub controller: bool,
    /// Addresses.
    pub addresses: Vec<Address>,
    /// Identity-verification status.
    pub verification_status: VerificationStatus,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: String,
    /// Last updater.
    pub updated_by: Actor,
    /// Last update time.
    pub updated_at: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A beneficial owner as the list shows it (reference: Beneficiary Summary object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeneficiarySummary {
    /// The business customer it belongs to.
    pub parent_id: String,
    /// Id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<PhoneNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<Email>,
    /// Exercises significant control.
    pub controller: bool,
    /// Identity-verification status.
    pub verification_status: VerificationStatus,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The body of `POST …/beneficiaries` (an update is a [`BeneficiaryUpdate`]): `firstName` and
/// `lastName` are required; `socialIdCountryCode` is required with `socialId`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeneficiaryRequest {
    /// First name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// `MALE`, `FEMALE` or `NONBINARY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<PhoneNumberRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<EmailRequest>,
    /// `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<PlaceOfBirth>,
    /// National id (e.g. SSN), at most 50 characters; stored, and only ever returned masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_id: Option<String>,
    /// Country that issued `socialId` (alpha-3); required with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_id_country_code: Option<String>,
    /// Citizenship (alpha-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizenship_country_code: Option<String>,
    /// Job title, at most 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Share owned, 0–100 with at most 2 decimals, as a number or a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership_percentage: Option<String>,
    /// Exercises significant control (CEO, general partner, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    /// Up to 20 addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<Address>>,
}

/// The body of `PUT …/beneficiaries/{beneficiaryId}`: any subset of the create body's fields;
/// an absent field keeps its value, `null` clears an optional one (a required one is
/// refused), and `addresses` entries merge into the stored addresses like a customer's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeneficiaryUpdate {
    /// First name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub first_name: Patch<String>,
    /// Middle name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub middle_name: Patch<String>,
    /// Last name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub last_name: Patch<String>,
    /// `MALE`, `FEMALE` or `NONBINARY`.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub sex: Patch<String>,
    /// The phone number.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub primary_phone_number: Patch<PhoneNumberRequest>,
    /// The e-mail address.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub primary_email: Patch<EmailRequest>,
    /// `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub date_of_birth: Patch<String>,
    /// Where they were born.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub place_of_birth: Patch<PlaceOfBirth>,
    /// National id, at most 50 characters; only ever returned masked.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub social_id: Patch<String>,
    /// Country that issued `socialId` (alpha-3); required with it.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub social_id_country_code: Patch<String>,
    /// Citizenship (alpha-3).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub citizenship_country_code: Patch<String>,
    /// Job title, at most 100 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub title: Patch<String>,
    /// Share owned, 0–100 with at most 2 decimals.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub ownership_percentage: Patch<String>,
    /// Exercises significant control.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub controller: Patch<bool>,
    /// Addresses merged into the stored ones (at most 20 in all); `null` removes every address.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub addresses: Patch<Vec<Address>>,
}

/// Where a beneficial owner was born.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaceOfBirth {
    /// City, at most 60 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-3 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

/// A customer: an individual or a business, told apart by `type` on the wire (boxed: both
/// are large and a list holds many).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Customer {
    /// `type: INDIVIDUAL`.
    Individual(Box<IndividualCustomer>),
    /// `type: BUSINESS`.
    Business(Box<BusinessCustomer>),
}

impl Customer {
    /// The customer's id.
    pub fn id(&self) -> &str {
        match self {
            Self::Individual(customer) => &customer.id,
            Self::Business(customer) => &customer.id,
        }
    }

    /// `ACTIVE` or `SUSPENDED`.
    pub fn status(&self) -> &str {
        match self {
            Self::Individual(customer) => &customer.status,
            Self::Business(customer) => &customer.status,
        }
    }

    /// The individual, when it is one.
    pub fn as_individual(&self) -> Option<&IndividualCustomer> {
        match self {
            Self::Individual(customer) => Some(customer),
            Self::Business(_) => None,
        }
    }

    /// The business, when it is one.
    pub fn as_business(&self) -> Option<&BusinessCustomer> {
        match self {
            Self::Business(customer) => Some(customer),
            Self::Individual(_) => None,
        }
    }
}
