//! Conformance cases: Business Accounts, their tree, paging and tenant scoping.

use super::fixtures::{self, T0};
use crate::{Provisioning, Store};
use openkor_domain::business_account::{BusinessAccount, BusinessAccountSortField as Field};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};

async fn provision(
    store: &dyn Store,
    name: &str,
    parent: Option<BusinessAccountId>,
    at_ms: i64,
) -> Provisioning {
    let provisioning = fixtures::provisioning(name, parent, T0.plus_ms(at_ms));
    store.provision(&provisioning).await.expect("provision");
    provisioning
}

/// root ─ child ─ grandchild, and an unrelated root.
struct Tree {
    root: BusinessAccountId,
    child: BusinessAccountId,
    grandchild: BusinessAccountId,
    other: BusinessAccountId,
}

async fn tree(store: &dyn Store) -> Tree {
    let root = provision(store, "Root", None, 0).await.business_account.id;
    let child = provision(store, "Child", Some(root), 1)
        .await
        .business_account
        .id;
    let grandchild = provision(store, "Grandchild", Some(child), 2)
        .await
        .business_account
        .id;
    let other = provision(store, "Other", None, 3).await.business_account.id;
    Tree {
        root,
        child,
        grandchild,
        other,
    }
}

fn ids(accounts: &[BusinessAccount]) -> Vec<BusinessAccountId> {
    accounts.iter().map(|account| account.id).collect()
}

/// A caller sees itself and its descendants; ancestors, siblings and strangers are not found.
pub async fn accounts_are_visible_from_themselves_and_their_ancestors_only(store: &dyn Store) {
    let t = tree(store).await;
    for (scope, id) in [
        (t.root, t.root),
        (t.root, t.child),
        (t.root, t.grandchild),
        (t.child, t.grandchild),
        (t.grandchild, t.grandchild),
    ] {
        let read = store
            .get_business_account(scope, id)
            .await
            .expect("visible");
        assert_eq!(read.id, id);
    }
    for (scope, id) in [
        (t.child, t.root),
        (t.grandchild, t.child),
        (t.other, t.root),
        (t.root, t.other),
        (t.root, BusinessAccountId::new()),
    ] {
        let outcome = store.get_business_account(scope, id).await;
        assert!(
            outcome.is_err_and(|e| e.is_not_found()),
            "{scope} must not see {id}"
        );
    }
    let child = store
        .get_business_account(t.root, t.child)
        .await
        .expect("child");
    assert_eq!(child.parent_id, Some(t.root));
}

/// `children` lists the direct children of a visible parent, oldest first.
pub async fn children_are_the_direct_children_of_a_visible_parent(store: &dyn Store) {
    let t = tree(store).await;
    let second_child = provision(store, "Second child", Some(t.root), 10)
        .await
        .business_account
        .id;
    let children = store
        .list_child_business_accounts(t.root, t.root)
        .await
        .expect("children of root");
    assert_eq!(ids(&children), vec![t.child, second_child]);
    let grandchildren = store
        .list_child_business_accounts(t.root, t.child)
        .await
        .expect("children of child");
    assert_eq!(ids(&grandchildren), vec![t.grandchild]);
    let none = store
        .list_child_business_accounts(t.grandchild, t.grandchild)
        .await
        .expect("leaf");
    assert!(none.is_empty());
    for (scope, parent) in [(t.child, t.root), (t.other, t.child), (t.root, t.other)] {
        let outcome = store.list_child_business_accounts(scope, parent).await;
        assert!(outcome.is_err_and(|e| e.is_not_found()));
    }
}

fn request(page: u32, size: u32, sort: &[(Field, SortDirection)]) -> PageRequest<Field> {
    let sort = sort
        .iter()
        .map(|&(field, direction)| SortKey { field, direction })
        .collect();
    PageRequest::new(page, size, sort).expect("valid page request")
}

async fn walk(
    store: &dyn Store,
    scope: BusinessAccountId,
    size: u32,
    sort: &[(Field, SortDirection)],
) -> Vec<BusinessAccount> {
    let mut seen = Vec::new();
    for page in 0.. {
        let found = store
            .list_business_accounts(scope, &request(page, size, sort))
            .await
            .expect("page");
        assert_eq!(found.total, 8);
        if found.items.is_empty() {
            break;
        }
        assert!(found.items.len() <= size as usize);
        seen.extend(found.items);
    }
    seen
}

/// Pages follow the requested order with `id` as the final tie-break, and walking every page
/// yields every row exactly once.
pub async fn business_account_pages_are_sorted_stable_and_complete(store: &dyn Store) {
    let root = provision(store, "m-root", None, 0)
        .await
        .business_account
        .id;
    // Duplicate names and duplicate creation times force the id tie-break.
    for (i, name) in ["b", "a", "c", "a", "B", "b", "é"].into_iter().enumerate() {
        let at_ms = i64::try_from(i / 2).expect("small");
        provision(store, name, Some(root), at_ms).await;
    }
    let by_name = walk(store, root, 3, &[(Field::Name, SortDirection::Asc)]).await;
    let mut expected = by_name.clone();
    expected.sort_by(|x, y| x.name.cmp(&y.name).then(x.id.cmp(&y.id)));
    assert_eq!(ids(&by_name), ids(&expected));
    let names: Vec<&str> = by_name.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["B", "a", "a", "b", "b", "c", "m-root", "é"]);

    let by_time_desc = walk(
        store,
        root,
        2,
        &[
            (Field::CreatedAt, SortDirection::Desc),
            (Field::Name, SortDirection::Asc),
        ],
    )
    .await;
    let mut expected = by_time_desc.clone();
    expected.sort_by(|x, y| {
        y.created_at
            .cmp(&x.created_at)
            .then(x.name.cmp(&y.name))
            .then(x.id.cmp(&y.id))
    });
    assert_eq!(ids(&by_time_desc), ids(&expected));

    let past_the_end = store
        .list_business_accounts(root, &request(100, 5, &[]))
        .await
        .expect("past the end");
    assert!(past_the_end.items.is_empty());
    assert_eq!(past_the_end.total, 8);
}

/// A tenant's list holds its own subtree and nothing else.
pub async fn business_account_lists_never_include_other_tenants(store: &dyn Store) {
    let t = tree(store).await;
    let sort = [(Field::Id, SortDirection::Asc)];
    let page = store
        .list_business_accounts(t.child, &request(0, 100, &sort))
        .await
        .expect("child's list");
    let mut expected = vec![t.child, t.grandchild];
    expected.sort();
    assert_eq!(ids(&page.items), expected);
    assert_eq!(page.total, 2);
    let other = store
        .list_business_accounts(t.other, &request(0, 100, &sort))
        .await
        .expect("other's list");
    assert_eq!(ids(&other.items), vec![t.other]);
}

/// A Financial Account of one Business Account is not found from another, not even a child.
pub async fn financial_accounts_are_scoped_to_their_business_account(store: &dyn Store) {
    let root = provision(store, "Root", None, 0).await;
    let child = provision(store, "Child", Some(root.business_account.id), 1).await;
    let account = &child.financial_accounts[0];
    let found = store
        .get_financial_account(child.business_account.id, account.id)
        .await
        .expect("own account");
    assert_eq!(&found, account);
    for scope in [root.business_account.id, BusinessAccountId::new()] {
        let outcome = store.get_financial_account(scope, account.id).await;
        assert!(outcome.is_err_and(|e| e.is_not_found()));
    }
}
