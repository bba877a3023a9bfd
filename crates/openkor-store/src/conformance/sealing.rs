//! Conformance cases: personal data and server secrets at rest are sealed under the data key,
//! which is not in the database. Another key opens nothing (an error, never a garbled value),
//! a rotation seals everything again under the new key, and what an earlier release wrote in
//! plaintext is sealed at the next start. Webhook signing secrets: `sealing/webhook_secrets.rs`.

mod webhook_secrets;

pub use webhook_secrets::{
    the_database_keeps_one_form_of_each_webhook_secret,
    webhook_secrets_are_stored_sealed_and_bound_to_their_row,
};

use super::fixtures::{self, T0};
use crate::db::{Backend, Conn, Row};
use crate::sealing::{DataKey, DataKeys, sealed_under};
use crate::sql_store::{SealedAtRest, SqlStore};
use crate::{BeneficiaryStore, CustomerStore, ProvisioningStore, SecretName, SecretStore, params};
use openkor_domain::beneficiary::Beneficiary;
use uuid::Uuid;

/// A key of its own for each `seed`.
fn key(seed: u8) -> DataKey {
    DataKey::from_bytes([seed; 32])
}

/// The same database through keys `primary` and `previous`.
fn through<B: Backend + Clone>(
    store: &SqlStore<B>,
    primary: u8,
    previous: Option<u8>,
) -> SqlStore<B> {
    let keys = DataKeys::new(key(primary), previous.map(key)).expect("distinct keys");
    store.clone().with_data_keys(keys)
}

/// Beneficial owners of a new business customer, with the social ids `social_ids`.
async fn owners<B: Backend + Clone>(store: &SqlStore<B>, social_ids: &[&str]) -> Vec<Beneficiary> {
    let provisioning = fixtures::provisioning("Acme", None, T0);
    store.provision(&provisioning).await.expect("provision");
    let customer = fixtures::business(provisioning.business_account.id, "ACME", T0);
    store
        .create_customer(&customer, &[])
        .await
        .expect("customer");
    let mut created = Vec::new();
    for (n, social_id) in social_ids.iter().enumerate() {
        let mut owner = fixtures::beneficiary(&customer, &format!("Owner{n}"), T0);
        owner.data.social_id = Some((*social_id).to_owned());
        store.create_beneficiary(&owner, 20).await.expect("owner");
        created.push(owner);
    }
    created
}

async fn read_back<B: Backend + Clone>(
    store: &SqlStore<B>,
    owner: &Beneficiary,
) -> Result<Beneficiary, crate::StoreError> {
    store
        .get_beneficiary(owner.business_account_id, owner.customer_id, owner.id)
        .await
}

/// The raw `(social_id, social_id_sealed)` of a beneficial owner.
async fn stored_social_id<B: Backend>(
    store: &SqlStore<B>,
    id: Uuid,
) -> (Option<String>, Option<Vec<u8>>) {
    store
        .backend()
        .read(move |conn| {
            Box::pin(async move {
                conn.query_one(
                    "SELECT social_id, social_id_sealed FROM beneficiaries WHERE id = $1",
                    &params![id],
                    &mut |row: &dyn Row| Ok((row.opt_text(0)?, row.opt_bytes(1)?)),
                )
                .await
            })
        })
        .await
        .expect("the row")
}

/// The raw `(secret, sealed)` of a server secret.
async fn stored_secret<B: Backend>(
    store: &SqlStore<B>,
    name: SecretName,
) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    store
        .backend()
        .read(move |conn| {
            Box::pin(async move {
                conn.query_one(
                    "SELECT secret, sealed FROM server_secrets WHERE name = $1",
                    &params![name.code()],
                    &mut |row: &dyn Row| Ok((row.opt_bytes(0)?, row.opt_bytes(1)?)),
                )
                .await
            })
        })
        .await
        .expect("the row")
}

/// A parameter of a raw statement.
enum Raw {
    Id(Uuid),
    Bytes(Vec<u8>),
    At(openkor_domain::clock::Timestamp),
}

/// `values` as statement parameters.
fn bound(values: &[Raw]) -> Vec<crate::db::Value<'_>> {
    values
        .iter()
        .map(|value| match value {
            Raw::Id(id) => (*id).into(),
            Raw::Bytes(bytes) => bytes.as_slice().into(),
            Raw::At(at) => (*at).into(),
        })
        .collect()
}

/// Runs `sql` on the raw database, as an earlier release or an intruder with write access would.
async fn raw<B: Backend>(store: &SqlStore<B>, sql: &'static str, values: Vec<Raw>) {
    store
        .backend()
        .write(move |conn| Box::pin(async move { conn.execute(sql, &bound(&values)).await }))
        .await
        .expect("raw statement");
}

/// What sealing at rest did, which must succeed.
async fn sealed<B: Backend>(store: &SqlStore<B>) -> SealedAtRest {
    store.seal_at_rest().await.expect("sealed at rest")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A social id is stored only sealed, under the primary key, bound to its row: copied into
/// another row it opens nothing.
pub async fn social_ids_are_stored_sealed_and_bound_to_their_row<B: Backend + Clone>(
    store: &SqlStore<B>,
) {
    let created = owners(store, &["123-45-6789", "987-65-4321"]).await;
    for owner in &created {
        assert_eq!(&read_back(store, owner).await.expect("read"), owner);
        let (plaintext, sealed) = stored_social_id(store, owner.id.as_uuid()).await;
        let sealed = sealed.expect("sealed");
        let social_id = owner.data.social_id.as_deref().expect("a social id");
        assert_eq!(plaintext, None);
        assert!(!contains(&sealed, social_id.as_bytes()));
        assert_eq!(
            sealed_under(&sealed),
            Ok(fixtures::data_keys().primary_id())
        );
    }
    raw(
        store,
        "UPDATE beneficiaries SET social_id_sealed = \
         (SELECT social_id_sealed FROM beneficiaries WHERE id = $1) WHERE id = $2",
        vec![
            Raw::Id(created[0].id.as_uuid()),
            Raw::Id(created[1].id.as_uuid()),
        ],
    )
    .await;
    let moved = read_back(store, &created[1]).await;
    assert!(moved.is_err(), "a moved value opened: {moved:?}");
}

/// The server's secrets are stored only sealed: the database alone does not give them, and a
/// store under another key refuses them rather than returning another secret.
pub async fn server_secrets_are_stored_sealed<B: Backend + Clone>(store: &SqlStore<B>) {
    let fingerprint_key = [0xf1; 32];
    let kept = store
        .secret_or_insert(SecretName::FingerprintKey, fingerprint_key)
        .await
        .expect("stored");
    assert_eq!(kept, fingerprint_key);
    assert_eq!(
        store
            .secret_or_insert(SecretName::FingerprintKey, [2; 32])
            .await
            .expect("kept"),
        fingerprint_key
    );
    let (plaintext, sealed) = stored_secret(store, SecretName::FingerprintKey).await;
    assert_eq!(plaintext, None);
    assert!(!contains(&sealed.expect("sealed"), &fingerprint_key));
    let elsewhere = through(store, 9, None);
    assert!(
        elsewhere
            .secret_or_insert(SecretName::FingerprintKey, [2; 32])
            .await
            .is_err()
    );
    let keyless = SqlStore::new(store.backend().clone());
    assert!(
        keyless
            .secret_or_insert(SecretName::FingerprintKey, [2; 32])
            .await
            .is_err()
    );
}

/// Another key opens nothing: sealing at rest (every start) refuses it, naming both keys, and
/// reads fail rather than return something else.
pub async fn a_wrong_data_key_is_refused_by_name<B: Backend + Clone>(store: &SqlStore<B>) {
    let created = owners(store, &["123-45-6789"]).await;
    store
        .secret_or_insert(SecretName::FingerprintKey, [3; 32])
        .await
        .expect("stored");
    let wrong = through(store, 9, None);
    let refused = wrong.seal_at_rest().await.expect_err("a wrong key");
    let primary = fixtures::data_keys().primary_id().to_string();
    let message = refused.to_string();
    assert!(
        message.contains(&format!("sealed under data key {primary}"))
            && message.contains(&key(9).id().to_string()),
        "unclear: {message}"
    );
    assert!(read_back(&wrong, &created[0]).await.is_err());
    assert!(
        wrong
            .list_beneficiaries(created[0].business_account_id, created[0].customer_id)
            .await
            .is_err()
    );
    assert_eq!(sealed(store).await, SealedAtRest::default());
}

/// A rotation: with the new key as primary and the old one as previous, every value is sealed
/// again under the new key (once); then the new key alone opens everything, the old one
/// nothing.
pub async fn a_rotation_seals_everything_again_under_the_new_key<B: Backend + Clone>(
    store: &SqlStore<B>,
) {
    let old = through(store, 1, None);
    let created = owners(&old, &["111-11-1111", "222-22-2222", "333-33-3333"]).await;
    old.secret_or_insert(SecretName::FingerprintKey, [4; 32])
        .await
        .expect("stored");
    let scope = created[0].business_account_id;
    let hook = webhook_secrets::subscribed(&old, scope, &webhook_secrets::secret(1)).await;
    webhook_secrets::rotated(&old, scope, hook, &webhook_secrets::secret(2)).await;
    let rotating = through(store, 2, Some(1));
    assert_eq!(
        sealed(&rotating).await,
        SealedAtRest {
            sealed: 0,
            resealed: 6
        }
    );
    assert_eq!(sealed(&rotating).await, SealedAtRest::default());
    let new = through(store, 2, None);
    assert_eq!(sealed(&new).await, SealedAtRest::default());
    for owner in &created {
        assert_eq!(&read_back(&new, owner).await.expect("read"), owner);
        assert!(read_back(&old, owner).await.is_err());
        let (_, sealed) = stored_social_id(store, owner.id.as_uuid()).await;
        assert_eq!(sealed_under(&sealed.expect("sealed")), Ok(key(2).id()));
    }
    assert_eq!(
        new.secret_or_insert(SecretName::FingerprintKey, [5; 32])
            .await
            .expect("kept"),
        [4; 32]
    );
    let [_, secret, _, previous] = webhook_secrets::stored_webhook_secrets(store, hook).await;
    for sealed in [secret, previous] {
        assert_eq!(sealed_under(&sealed.expect("sealed")), Ok(key(2).id()));
    }
    let signing = webhook_secrets::signing_secrets(&new, T0)
        .await
        .expect("opened");
    assert_eq!(
        signing[&hook],
        [webhook_secrets::secret(2), webhook_secrets::secret(1)]
    );
    assert!(
        webhook_secrets::signing_secrets(&old, T0.plus_ms(10))
            .await
            .is_err()
    );
    assert!(old.seal_at_rest().await.is_err());
}

/// What an earlier release wrote in plaintext reads as it is, and sealing at rest seals it
/// (the plaintext column emptied); plaintext written over a sealed value by such a release
/// wins, being newer.
pub async fn plaintext_an_earlier_release_wrote_is_sealed_at_start<B: Backend + Clone>(
    store: &SqlStore<B>,
) {
    let created = owners(store, &["123-45-6789", "555-55-5555"]).await;
    let (first, second) = (created[0].id.as_uuid(), created[1].id.as_uuid());
    raw(
        store,
        "UPDATE beneficiaries SET social_id = '123-45-6789', social_id_sealed = NULL WHERE id = $1",
        vec![Raw::Id(first)],
    )
    .await;
    raw(
        store,
        "UPDATE beneficiaries SET social_id = '999-99-9999' WHERE id = $1",
        vec![Raw::Id(second)],
    )
    .await;
    raw(
        store,
        "INSERT INTO server_secrets (name, secret, created_at) VALUES ('fingerprint_key', $1, $2)",
        vec![Raw::Bytes(vec![6; 32]), Raw::At(T0)],
    )
    .await;
    let (hook, hook_secrets) =
        plaintext_webhook_secrets(store, created[0].business_account_id).await;
    let mut newer = created[1].clone();
    newer.data.social_id = Some("999-99-9999".into());
    assert_eq!(
        read_back(store, &created[0]).await.expect("read"),
        created[0]
    );
    assert_eq!(read_back(store, &newer).await.expect("read"), newer);
    assert_eq!(
        sealed(store).await,
        SealedAtRest {
            sealed: 5,
            resealed: 0
        }
    );
    let plain: Vec<&[u8]> = hook_secrets.iter().map(Vec::as_slice).collect();
    assert!(webhook_secrets::only_sealed(store, hook, &plain).await);
    let signing = webhook_secrets::signing_secrets(store, T0.plus_ms(10)).await;
    assert_eq!(signing.expect("opened")[&hook], hook_secrets);
    for (id, social_id) in [(first, "123-45-6789"), (second, "999-99-9999")] {
        let (plaintext, sealed) = stored_social_id(store, id).await;
        assert_eq!(plaintext, None);
        assert!(!contains(&sealed.expect("sealed"), social_id.as_bytes()));
    }
    assert_eq!(
        read_back(store, &created[0]).await.expect("read"),
        created[0]
    );
    assert_eq!(read_back(store, &newer).await.expect("read"), newer);
    assert_eq!(
        stored_secret(store, SecretName::FingerprintKey).await.0,
        None
    );
    assert_eq!(
        store
            .secret_or_insert(SecretName::FingerprintKey, [7; 32])
            .await
            .expect("kept"),
        [6; 32],
        "the same key: every fingerprint made under it stays valid"
    );
}

/// A subscription of `scope` whose secret and previous secret an earlier release wrote in
/// plaintext, and those secrets, which it signs with (checked).
async fn plaintext_webhook_secrets<B: Backend + Clone>(
    store: &SqlStore<B>,
    scope: openkor_domain::ids::BusinessAccountId,
) -> (openkor_domain::ids::WebhookSubscriptionId, Vec<Vec<u8>>) {
    let secrets = vec![webhook_secrets::secret(7), webhook_secrets::secret(8)];
    let hook = webhook_secrets::subscribed(store, scope, &webhook_secrets::secret(1)).await;
    raw(
        store,
        "UPDATE webhook_subscriptions SET secret = $1, secret_sealed = NULL, previous_secret = $2, \
         previous_secret_expires_at = $3 WHERE id = $4",
        vec![
            Raw::Bytes(secrets[0].clone()),
            Raw::Bytes(secrets[1].clone()),
            Raw::At(T0.plus_ms(60_000)),
            Raw::Id(hook.as_uuid()),
        ],
    )
    .await;
    let signing = webhook_secrets::signing_secrets(store, T0).await;
    assert_eq!(signing.expect("read as it is")[&hook], secrets);
    (hook, secrets)
}
