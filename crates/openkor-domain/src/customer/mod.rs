//! Customers (reference §4): individuals and businesses a client of openkor does business with.

mod draft;
mod filter;

pub use draft::{CustomerDraft, parse_date_of_birth};
pub use filter::{CustomerFilter, CustomerSortField, SearchTerm};

use crate::actor::Actor;
use crate::address::Address;
use crate::business_account::VerificationStatus;
use crate::clock::Timestamp;
use crate::contact::{Contact, Email, PhoneNumber};
use crate::ids::{BusinessAccountId, CustomerId};
use crate::metadata::Metadata;
use time::Date;

crate::code_enum! {
    /// Individual or business.
    pub enum CustomerType {
        /// A person.
        Individual => "INDIVIDUAL",
        /// A business.
        Business => "BUSINESS",
    }
}

crate::code_enum! {
    /// Whether the customer may transact.
    pub enum CustomerStatus {
        /// Usable.
        Active => "ACTIVE",
        /// Its Financial Accounts cannot be used in transactions.
        Suspended => "SUSPENDED",
    }
}

/// A person's profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndividualProfile {
    /// First name.
    pub first_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Primary phone.
    pub primary_phone_number: PhoneNumber,
    /// Primary e-mail.
    pub primary_email: Email,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
}

/// A business's profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessProfile {
    /// Doing-business-as name (returned as both `businessName` and `doingBusinessAsName`).
    pub business_name: String,
    /// Website.
    pub website: Option<String>,
    /// Contacts; exactly one is primary.
    pub contacts: Vec<Contact>,
}

/// The type-specific part of a customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomerProfile {
    /// A person.
    Individual(IndividualProfile),
    /// A business.
    Business(BusinessProfile),
}

/// Everything about a customer that a request can set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerData {
    /// The client's own reference; unique among live customers of a Business Account.
    pub external_id: Option<String>,
    /// Person or business fields.
    pub profile: CustomerProfile,
    /// Addresses, primary rules applied.
    pub addresses: Vec<Address>,
    /// Metadata.
    pub metadata: Metadata,
}

/// A customer as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// Id.
    pub id: CustomerId,
    /// Owning Business Account.
    pub business_account_id: BusinessAccountId,
    /// Status.
    pub status: CustomerStatus,
    /// Request-settable fields.
    pub data: CustomerData,
    /// Identity-verification status.
    pub verification: VerificationStatus,
    /// Optimistic-concurrency version; grows on every change.
    pub version: i64,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last updater.
    pub updated_by: Actor,
    /// Last update time.
    pub updated_at: Timestamp,
}

impl CustomerData {
    /// Individual or business.
    pub fn customer_type(&self) -> CustomerType {
        match self.profile {
            CustomerProfile::Individual(_) => CustomerType::Individual,
            CustomerProfile::Business(_) => CustomerType::Business,
        }
    }

    /// `first middle last`, or the business name.
    pub fn display_name(&self) -> String {
        match &self.profile {
            CustomerProfile::Individual(person) => {
                let mut parts = vec![person.first_name.as_str()];
                parts.extend(person.middle_name.as_deref());
                parts.push(person.last_name.as_str());
                parts.join(" ")
            }
            CustomerProfile::Business(business) => business.business_name.clone(),
        }
    }

    fn primary_contact(&self) -> Option<&Contact> {
        match &self.profile {
            CustomerProfile::Business(business) => business.contacts.iter().find(|c| c.primary),
            CustomerProfile::Individual(_) => None,
        }
    }

    /// The individual's e-mail, or the business's primary contact's.
    pub fn primary_email(&self) -> Option<&str> {
        match &self.profile {
            CustomerProfile::Individual(person) => Some(&person.primary_email.value),
            CustomerProfile::Business(_) => self
                .primary_contact()
                .map(|c| c.primary_email.value.as_str()),
        }
    }

    /// The individual's phone, or the business's primary contact's (E.164).
    pub fn primary_phone(&self) -> Option<&str> {
        match &self.profile {
            CustomerProfile::Individual(person) => Some(&person.primary_phone_number.number),
            CustomerProfile::Business(_) => self
                .primary_contact()
                .map(|c| c.primary_phone_number.number.as_str()),
        }
    }

    /// Keeps the `verified` flags of phone numbers and e-mail addresses that did not change.
    pub fn keep_verification_of(&mut self, previous: &CustomerData) {
        let verified_phones: Vec<&PhoneNumber> = previous.phones().filter(|p| p.verified).collect();
        let verified_emails: Vec<&Email> = previous.emails().filter(|e| e.verified).collect();
        let phones: Vec<&mut PhoneNumber> = match &mut self.profile {
            CustomerProfile::Individual(person) => vec![&mut person.primary_phone_number],
            CustomerProfile::Business(business) => business
                .contacts
                .iter_mut()
                .map(|c| &mut c.primary_phone_number)
                .collect(),
        };
        for phone in phones {
            phone.verified = verified_phones.iter().any(|p| p.number == phone.number);
        }
        let emails: Vec<&mut Email> = match &mut self.profile {
            CustomerProfile::Individual(person) => vec![&mut person.primary_email],
            CustomerProfile::Business(business) => business
                .contacts
                .iter_mut()
                .map(|c| &mut c.primary_email)
                .collect(),
        };
        for email in emails {
            email.verified = verified_emails.iter().any(|e| e.value == email.value);
        }
    }

    fn phones(&self) -> Box<dyn Iterator<Item = &PhoneNumber> + '_> {
        match &self.profile {
            CustomerProfile::Individual(person) => {
                Box::new(std::iter::once(&person.primary_phone_number))
            }
            CustomerProfile::Business(b) => {
                Box::new(b.contacts.iter().map(|c| &c.primary_phone_number))
            }
        }
    }

    fn emails(&self) -> Box<dyn Iterator<Item = &Email> + '_> {
        match &self.profile {
            CustomerProfile::Individual(person) => Box::new(std::iter::once(&person.primary_email)),
            CustomerProfile::Business(b) => Box::new(b.contacts.iter().map(|c| &c.primary_email)),
        }
    }
}

/// The searchable forms of a customer, computed once here and stored beside the row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchKeys {
    /// Lower-case display name.
    pub name: String,
    /// Lower-case primary e-mail.
    pub email: Option<String>,
    /// Primary phone, E.164.
    pub phone: Option<String>,
    /// Digits of the primary phone, for partial matches.
    pub phone_digits: Option<String>,
}

impl SearchKeys {
    /// The keys of `data`.
    pub fn of(data: &CustomerData) -> Self {
        let phone = data.primary_phone().map(str::to_owned);
        Self {
            name: data.display_name().to_lowercase(),
            email: data.primary_email().map(str::to_lowercase),
            phone_digits: phone
                .as_deref()
                .map(|p| p.chars().filter(char::is_ascii_digit).collect()),
            phone,
        }
    }
}
