//! What ties a member's generated client to the family, written once: the
//! calls of the client (`calls!`), and how its generated milestone
//! (`wire_milestone!`) and label (`wire_label!`) are read. The members'
//! clients are generated from specs with the same operations and fields,
//! but each into types of its own, so this is a macro over the generated
//! module rather than a generic: a member names its client module, and
//! for its milestone the fields it has beyond `number`.

/// The client calls of [`V5`](super::V5), for the generated module
/// `$client` (its `Client` and `types`), inside `impl V5 for …`.
macro_rules! calls {
    ($client:ident) => {
        fn create_title(body: &<Self as $crate::protocols::v5::V5>::CreateMilestone) -> &str {
            &body.title
        }

        fn update_title(body: &<Self as $crate::protocols::v5::V5>::UpdateMilestone) -> &str {
            &body.title
        }

        fn update_state(
            body: &<Self as $crate::protocols::v5::V5>::UpdateMilestone,
        ) -> Option<&str> {
            body.state.as_deref()
        }

        async fn repos_page(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            owner: &str,
            kind: $crate::net::owner::OwnerKind,
            page: u64,
        ) -> $crate::protocols::v5::Answer<
            Vec<<Self as $crate::protocols::v5::V5>::Repository>,
            Self,
        > {
            use $client::types::{OrgRepoType, UserRepoType};
            use $crate::protocols::v5::paging::PAGE_SIZE;
            match kind {
                $crate::net::owner::OwnerKind::Organisation => {
                    client
                        .list_org_repos()
                        .org(owner)
                        .type_(OrgRepoType::All)
                        .page(page)
                        .per_page(PAGE_SIZE as u64)
                        .send()
                        .await
                }
                $crate::net::owner::OwnerKind::User => {
                    client
                        .list_user_repos()
                        .username(owner)
                        .type_(UserRepoType::Owner)
                        .page(page)
                        .per_page(PAGE_SIZE as u64)
                        .send()
                        .await
                }
            }
        }

        fn milestone_page(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            state: $crate::protocols::v5::StateAsked,
            page: u64,
        ) -> impl ::std::future::Future<
            Output = $crate::protocols::v5::Answer<Vec<::serde_json::Value>, Self>,
        > + Send {
            use $client::types::StateFilter;
            let state = match state {
                $crate::protocols::v5::StateAsked::All => StateFilter::All,
                $crate::protocols::v5::StateAsked::Closed => StateFilter::Closed,
            };
            client
                .list_milestones()
                .owner(&repo.owner)
                .repo(&repo.name)
                .state(state)
                .page(page)
                .per_page($crate::protocols::v5::paging::PAGE_SIZE as u64)
                .send()
        }

        fn label_page(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            page: u64,
        ) -> impl ::std::future::Future<
            Output = $crate::protocols::v5::Answer<Vec<::serde_json::Value>, Self>,
        > + Send {
            client
                .list_labels()
                .owner(&repo.owner)
                .repo(&repo.name)
                .page(page)
                .per_page($crate::protocols::v5::paging::PAGE_SIZE as u64)
                .send()
        }

        fn get_milestone(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            number: &$crate::net::number::WholeNumber,
        ) -> impl ::std::future::Future<
            Output = $crate::protocols::v5::Answer<$client::types::Milestone, Self>,
        > + Send {
            client
                .get_milestone()
                .owner(&repo.owner)
                .repo(&repo.name)
                .number(number.clone())
                .send()
        }

        fn create_milestone(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            body: &<Self as $crate::protocols::v5::V5>::CreateMilestone,
        ) -> impl ::std::future::Future<
            Output = $crate::protocols::v5::Answer<$client::types::Milestone, Self>,
        > + Send {
            client
                .create_milestone()
                .owner(&repo.owner)
                .repo(&repo.name)
                .body(body.clone())
                .send()
        }

        fn update_milestone(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            number: &$crate::net::number::WholeNumber,
            body: &<Self as $crate::protocols::v5::V5>::UpdateMilestone,
        ) -> impl ::std::future::Future<
            Output = $crate::protocols::v5::Answer<$client::types::Milestone, Self>,
        > + Send {
            client
                .update_milestone()
                .owner(&repo.owner)
                .repo(&repo.name)
                .number(number.clone())
                .body(body.clone())
                .send()
        }

        fn delete_milestone(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            number: &$crate::net::number::WholeNumber,
        ) -> impl ::std::future::Future<Output = $crate::protocols::v5::Answer<(), Self>> + Send
        {
            client
                .delete_milestone()
                .owner(&repo.owner)
                .repo(&repo.name)
                .number(number.clone())
                .send()
        }

        fn create_label(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            fields: &$crate::protocols::v5::LabelFields,
        ) -> impl ::std::future::Future<
            Output = $crate::protocols::v5::Answer<$client::types::Label, Self>,
        > + Send {
            let body = $client::types::CreateLabelBody {
                name: fields.name.clone(),
                color: fields.color.clone(),
            };
            client
                .create_label()
                .owner(&repo.owner)
                .repo(&repo.name)
                .body(body)
                .send()
        }

        fn update_label(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            name: &str,
            change: &$crate::protocols::v5::LabelChange,
        ) -> impl ::std::future::Future<
            Output = $crate::protocols::v5::Answer<$client::types::Label, Self>,
        > + Send {
            let body = $client::types::UpdateLabelBody {
                name: change.name.clone(),
                color: change.color.clone(),
            };
            client
                .update_label()
                .owner(&repo.owner)
                .repo(&repo.name)
                .name(name)
                .body(body)
                .send()
        }

        fn delete_label(
            client: &<Self as $crate::protocols::v5::V5>::Client,
            repo: &$crate::provider::RepoRef,
            name: &str,
        ) -> impl ::std::future::Future<Output = $crate::protocols::v5::Answer<(), Self>> + Send
        {
            client
                .delete_label()
                .owner(&repo.owner)
                .repo(&repo.name)
                .name(name)
                .send()
        }
    };
}

/// [`WireMilestone`](super::WireMilestone) for the generated `Milestone`
/// of `$client`, and its unknown fields kept ([`Extra`]); `present` lists
/// the optional fields of its schema, in the order backups name them.
///
/// [`Extra`]: crate::net::decode::Extra
macro_rules! wire_milestone {
    ($client:ident, present: [$($field:ident),* $(,)?]) => {
        impl $crate::protocols::v5::WireMilestone for $client::types::Milestone {
            fn number(&self) -> &$crate::net::number::WholeNumber {
                &self.number
            }

            fn title(&self) -> &str {
                &self.title
            }

            fn description(&self) -> Option<&str> {
                self.description.as_deref()
            }

            fn due_on(&self) -> Option<&str> {
                self.due_on.as_deref()
            }

            fn state(&self) -> Option<&str> {
                self.state.as_deref()
            }

            fn present(&self) -> Vec<(&'static str, bool)> {
                vec![
                    ("number", true),
                    $((stringify!($field), self.$field.is_some()),)*
                ]
            }

            fn extra(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                &self.extra
            }
        }
    };
}

/// [`WireLabel`](super::WireLabel) for the generated `Label` of
/// `$client`, and its unknown fields kept ([`Extra`]).
///
/// [`Extra`]: crate::net::decode::Extra
macro_rules! wire_label {
    ($client:ident) => {
        impl $crate::protocols::v5::WireLabel for $client::types::Label {
            fn name(&self) -> &str {
                &self.name
            }

            fn color(&self) -> Option<&str> {
                self.color.as_deref()
            }

            fn id(&self) -> Option<&$crate::net::number::WholeNumber> {
                self.id.as_ref()
            }

            fn repository_id(&self) -> Option<&$crate::net::number::WholeNumber> {
                self.repository_id.as_ref()
            }

            fn present(&self) -> [(&'static str, bool); 5] {
                [
                    ("id", self.id.is_some()),
                    ("repository_id", self.repository_id.is_some()),
                    ("url", self.url.is_some()),
                    ("created_at", self.created_at.is_some()),
                    ("updated_at", self.updated_at.is_some()),
                ]
            }

            fn extra(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                &self.extra
            }

            fn parts_mut(&mut self) -> $crate::protocols::v5::LabelPartsMut<'_> {
                $crate::protocols::v5::LabelPartsMut {
                    id: &mut self.id,
                    name: &mut self.name,
                    color: &mut self.color,
                    url: &mut self.url,
                    updated_at: &mut self.updated_at,
                }
            }
        }

        /// Unknown fields are kept, to be written back as they came.
        impl $crate::net::decode::Extra for $client::types::Label {
            fn extra_mut(&mut self) -> &mut ::serde_json::Map<String, ::serde_json::Value> {
                &mut self.extra
            }
        }
    };
}

pub(crate) use {calls, wire_label, wire_milestone};
