//! Address rows: `customer_addresses` and `beneficiary_addresses` share this shape.

use super::{corrupt, parse_code};
use crate::StoreError;
use openkor_domain::address::{Address, AddressType, PersonName};
use openkor_domain::ids::AddressId;
use uuid::Uuid;

/// One address row; `owner_id` is the customer or beneficial owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressRow {
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `customer_id` or `beneficiary_id`
    pub owner_id: Uuid,
    /// `position`: order in the owner's list.
    pub position: i64,
    /// `address_type`
    pub address_type: String,
    /// `name_first`
    pub name_first: Option<String>,
    /// `name_middle`
    pub name_middle: Option<String>,
    /// `name_last`
    pub name_last: Option<String>,
    /// `street_line1`
    pub street_line1: String,
    /// `street_line2`
    pub street_line2: Option<String>,
    /// `street_line3`
    pub street_line3: Option<String>,
    /// `street_line4`
    pub street_line4: Option<String>,
    /// `street_line5`
    pub street_line5: Option<String>,
    /// `apartment_number`
    pub apartment_number: Option<String>,
    /// `city_name`
    pub city_name: Option<String>,
    /// `state_code`
    pub state_code: Option<String>,
    /// `country_code`
    pub country_code: Option<String>,
    /// `zip_code`
    pub zip_code: String,
    /// `is_primary`
    pub is_primary: bool,
    /// `search_city`: lower-case city, for the `cityName` filter.
    pub search_city: Option<String>,
    /// `search_zip`: lower-case postal code, for the `zipCode` filter.
    pub search_zip: String,
    /// `id`: the address's id, unique among its owner's addresses.
    pub id: Uuid,
}

/// Which table an address row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressOwner {
    /// `customer_addresses`, keyed by `customer_id`.
    Customer,
    /// `beneficiary_addresses`, keyed by `beneficiary_id`.
    Beneficiary,
}

impl AddressOwner {
    /// The table.
    pub const fn table(self) -> &'static str {
        match self {
            AddressOwner::Customer => "customer_addresses",
            AddressOwner::Beneficiary => "beneficiary_addresses",
        }
    }

    /// The column naming the owner.
    pub const fn owner_column(self) -> &'static str {
        match self {
            AddressOwner::Customer => "customer_id",
            AddressOwner::Beneficiary => "beneficiary_id",
        }
    }
}

impl AddressRow {
    /// Every column, in the order backends bind them; the owner column comes from
    /// [`AddressOwner::owner_column`] at position 1.
    pub const COLUMNS_AFTER_OWNER: [&'static str; 19] = [
        "position",
        "address_type",
        "name_first",
        "name_middle",
        "name_last",
        "street_line1",
        "street_line2",
        "street_line3",
        "street_line4",
        "street_line5",
        "apartment_number",
        "city_name",
        "state_code",
        "country_code",
        "zip_code",
        "is_primary",
        "search_city",
        "search_zip",
        "id",
    ];

    /// The rows of `addresses`, in order.
    pub fn all(
        business_account_id: Uuid,
        owner_id: Uuid,
        addresses: &[Address],
    ) -> Vec<AddressRow> {
        addresses
            .iter()
            .enumerate()
            .map(|(position, address)| AddressRow {
                business_account_id,
                owner_id,
                position: i64::try_from(position).unwrap_or(i64::MAX),
                address_type: address.address_type.code().to_owned(),
                name_first: address.name.as_ref().map(|n| n.first_name.clone()),
                name_middle: address.name.as_ref().and_then(|n| n.middle_name.clone()),
                name_last: address.name.as_ref().map(|n| n.last_name.clone()),
                street_line1: address.street_line1.clone(),
                street_line2: address.street_line2.clone(),
                street_line3: address.street_line3.clone(),
                street_line4: address.street_line4.clone(),
                street_line5: address.street_line5.clone(),
                apartment_number: address.apartment_number.clone(),
                city_name: address.city_name.clone(),
                state_code: address.state_code.clone(),
                country_code: address.country_code.clone(),
                zip_code: address.zip_code.clone(),
                is_primary: address.primary,
                search_city: address.city_name.as_deref().map(str::to_lowercase),
                search_zip: address.zip_code.to_lowercase(),
                id: address.id.as_uuid(),
            })
            .collect()
    }

    /// Back to a domain address.
    pub fn into_address(self) -> Result<Address, StoreError> {
        let name = match (self.name_first, self.name_last) {
            (Some(first_name), Some(last_name)) => Some(PersonName {
                first_name,
                middle_name: self.name_middle,
                last_name,
            }),
            (None, None) => None,
            _ => return Err(corrupt("address name", "<partial>")),
        };
        Ok(Address {
            id: AddressId::from_uuid(self.id),
            address_type: parse_code("address type", &self.address_type, AddressType::from_code)?,
            name,
            street_line1: self.street_line1,
            street_line2: self.street_line2,
            street_line3: self.street_line3,
            street_line4: self.street_line4,
            street_line5: self.street_line5,
            apartment_number: self.apartment_number,
            city_name: self.city_name,
            state_code: self.state_code,
            country_code: self.country_code,
            zip_code: self.zip_code,
            primary: self.is_primary,
        })
    }
}

/// Groups rows by owner, keeping each owner's list in `position` order.
pub fn group_by_owner<R>(
    rows: Vec<R>,
    owner: impl Fn(&R) -> Uuid,
    position: impl Fn(&R) -> i64,
) -> std::collections::HashMap<Uuid, Vec<R>> {
    let mut grouped: std::collections::HashMap<Uuid, Vec<R>> = std::collections::HashMap::new();
    for row in rows {
        grouped.entry(owner(&row)).or_default().push(row);
    }
    for list in grouped.values_mut() {
        list.sort_by_key(&position);
    }
    grouped
}
