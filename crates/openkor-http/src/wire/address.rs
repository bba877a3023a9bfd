//! Address bodies (reference §4.1).

use openkor_domain::address::{Address, AddressDraft, PersonNameDraft};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The recipient of a SHIPPING address.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PersonNameBody {
    /// First name, 1–40 characters (required).
    #[schema(min_length = 1, max_length = 40)]
    pub first_name: Option<String>,
    /// Middle name, 1–40 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 40)]
    pub middle_name: Option<String>,
    /// Last name, 1–40 characters (required).
    #[schema(min_length = 1, max_length = 40)]
    pub last_name: Option<String>,
}

/// An address. In requests `type`, `streetLine1` and `zipCode` are required; `stateCode` is
/// required when `countryCode` is USA or CAN; `name` is required for SHIPPING and dropped for
/// other types; a PHYSICAL address must not be a PO box. Per type, exactly one address is
/// primary: the first of its type when none is flagged; flagging two is refused; in an update,
/// the one flagged takes the flag from the others of its type. In an update an entry with `id`
/// replaces that address (an absent `primary` keeps its flag), or removes it with
/// `"remove": true` (its other fields are then not needed); an entry without `id` equal to a
/// stored address is that address, any other is added; addresses the update does not name stay.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressBody {
    /// Set by openkor when the address is added (always present in responses). In an update,
    /// names the stored address this entry replaces or removes; refused on a create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid, example = "0190f1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6")]
    pub id: Option<String>,
    /// Update only: `true` removes the address `id` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(write_only)]
    pub remove: Option<bool>,
    /// `MAILING`, `PHYSICAL` or `SHIPPING`.
    #[serde(rename = "type")]
    #[schema(schema_with = crate::wire::codes::optional_code_schema::<openkor_domain::address::AddressType>)]
    pub address_type: Option<String>,
    /// Shipment recipient (SHIPPING only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<PersonNameBody>,
    /// Street line 1, 1–50 characters.
    #[schema(min_length = 1, max_length = 50)]
    pub street_line1: Option<String>,
    /// Street line 2, 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 50)]
    pub street_line2: Option<String>,
    /// Street line 3, 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 50)]
    pub street_line3: Option<String>,
    /// Street line 4 (issued cards only), 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 50)]
    pub street_line4: Option<String>,
    /// Street line 5 (issued cards only), 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 50)]
    pub street_line5: Option<String>,
    /// Apartment number, 1–20 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 20)]
    pub apartment_number: Option<String>,
    /// City, 1–25 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 25)]
    pub city_name: Option<String>,
    /// ISO 3166-2 subdivision, upper case (MO, ON); required for USA and CAN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 2, max_length = 3, example = "MO")]
    pub state_code: Option<String>,
    /// ISO 3166-1 alpha-3 country, upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 3, max_length = 3, example = "USA")]
    pub country_code: Option<String>,
    /// Postal code: 12345 or 12345-6789 in the USA, A1A 1A1 in Canada, 1–10 characters elsewhere.
    #[schema(min_length = 1, max_length = 10, example = "63368")]
    pub zip_code: Option<String>,
    /// Whether this is the primary address of its type.
    #[serde(default)]
    pub primary: Option<bool>,
}

impl From<AddressBody> for AddressDraft {
    fn from(body: AddressBody) -> Self {
        AddressDraft {
            id: body.id,
            remove: body.remove,
            address_type: body.address_type,
            name: body.name.map(|name| PersonNameDraft {
                first_name: name.first_name,
                middle_name: name.middle_name,
                last_name: name.last_name,
            }),
            street_line1: body.street_line1,
            street_line2: body.street_line2,
            street_line3: body.street_line3,
            street_line4: body.street_line4,
            street_line5: body.street_line5,
            apartment_number: body.apartment_number,
            city_name: body.city_name,
            state_code: body.state_code,
            country_code: body.country_code,
            zip_code: body.zip_code,
            primary: body.primary,
        }
    }
}

impl From<Address> for AddressBody {
    fn from(address: Address) -> Self {
        AddressBody {
            id: Some(address.id.to_string()),
            remove: None,
            address_type: Some(address.address_type.code().to_owned()),
            name: address.name.map(|name| PersonNameBody {
                first_name: Some(name.first_name),
                middle_name: name.middle_name,
                last_name: Some(name.last_name),
            }),
            street_line1: Some(address.street_line1),
            street_line2: address.street_line2,
            street_line3: address.street_line3,
            street_line4: address.street_line4,
            street_line5: address.street_line5,
            apartment_number: address.apartment_number,
            city_name: address.city_name,
            state_code: address.state_code,
            country_code: address.country_code,
            zip_code: Some(address.zip_code),
            primary: Some(address.primary),
        }
    }
}
