//! 设置: current user (local roles), users and teams, customer tags, hand-over of a leaving
//! rep's customers, the demo company, language.

use crate::api;
use crate::app::UiState;
use crate::i18n::{lang, t, tr};
use crate::widgets::ErrorBanner;
use fairdesk_core::tag::{TagData, PALETTE};
use fairdesk_core::user::UserData;
use fairdesk_core::{ErrorReply, Id, Lang, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Settings() -> impl IntoView {
    let state = expect_context::<UiState>();
    let users = RwSignal::new(Vec::new());
    let tags = RwSignal::new(Vec::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let notice = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            users.set(api::user_list().await.unwrap_or_default());
            tags.set(api::tag_list().await.unwrap_or_default());
            state.refresh();
        })
    };
    // Users and tags arrive from the server too: reload after each sync.
    Effect::new(move |_| {
        let _synced = state.sync.get().and_then(|s| s.last_sync_ms);
        reload();
    });
    let done = move |r: Result<String, ErrorReply>| match r {
        Ok(msg) => {
            error.set(None);
            notice.set(Some(msg));
            reload();
        }
        Err(e) => {
            notice.set(None);
            error.set(Some(e));
        }
    };
    // New user
    let new_name = RwSignal::new(String::new());
    let new_role = RwSignal::new(Role::Rep);
    let new_team = RwSignal::new(String::new());
    // New tag
    let tag_name = RwSignal::new(String::new());
    let tag_color = RwSignal::new(PALETTE[0].to_string());
    // Hand-over
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());

    let user_options = move || {
        users
            .get()
            .into_iter()
            .filter(|u| u.data.active)
            .map(|u| view! { <option value=u.id.to_string()>{u.data.name.clone()} " · " {move || u.data.role.label(lang())}</option> })
            .collect_view()
    };
    view! {
        <section class="settings">
            <ErrorBanner error=error />
            {move || notice.get().map(|n| view! { <div class="banner ok" id="notice">{n}</div> })}
            <crate::pages::company::CompanySettings />
            <crate::pages::company::UnitSettings />
            <crate::pages::warehouses::WarehouseSettings />
            <crate::pages::company::PricingSettings />
            {move || (state.status.get().map(|s| s.user.data.role) == Some(Role::Admin))
                .then(|| view! { <crate::pages::audit::AuditSearch /> })}

            <super::sync_panel::SyncPanel />
            <super::mail_settings::MailPanel />
            <super::backup::BackupPanel />
            <div class="panel">
                <h2>{t("set.current_user")}</h2>
                <b id="me">{move || state.status.get().map(|s| s.user.data.name).unwrap_or_default()}</b>
                <span class="muted">" " {t("set.switch_hint")}</span>
                <br />
                <span class="muted">" " {t("set.language")} ": "</span>
                <select id="language" on:change=move |ev| {
                    let l = if event_target_value(&ev) == "en" { Lang::En } else { Lang::Zh };
                    state.lang.set(l);
                    spawn_local(async move { let _ = api::set_language(l).await; });
                }>
                    <option value="zh-CN" selected=move || state.lang.get() == Lang::Zh>"简体中文"</option>
                    <option value="en" selected=move || state.lang.get() == Lang::En>"English"</option>
                </select>
            </div>

            <div class="panel">
                <h2>{t("set.users")}</h2>
                <table class="grid small" id="users">
                    <thead><tr><th>{t("set.user_name")}</th><th>{t("set.role")}</th><th>{t("set.team")}</th><th></th></tr></thead>
                    <tbody>
                        {move || users.get().into_iter().map(|u| {
                            let me = state.status.get().map(|s| s.user.id);
                            let id = u.id;
                            let data = u.data.clone();
                            let toggled = UserData { active: !data.active, ..data.clone() };
                            view! {
                                <tr class:inactive=!data.active>
                                    <td>{data.name.clone()}</td>
                                    <td>{move || data.role.label(lang())}</td>
                                    <td>{data.team.clone()}</td>
                                    <td>
                                    {(data.active && me != Some(id)).then(|| view! {
                                        <button class="link use-user" data-user=data.name.clone() on:click=move |_| {
                                            spawn_local(async move { done(api::user_switch(id).await.map(|_| tr(lang(), "set.saved").to_string())); });
                                        }>{t("set.switch")}</button>
                                    })}
                                    <button class="link" on:click=move |_| {
                                        let toggled = toggled.clone();
                                        spawn_local(async move { done(api::user_save(Some(id), &toggled).await.map(|_| tr(lang(), "set.saved").to_string())); });
                                    }>{if u.data.active { t("set.disable") } else { t("set.enable") }}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="inline-form">
                    <input id="new-user-name" placeholder=t("set.user_name") bind:value=new_name />
                    <select id="new-user-role" on:change=move |ev| new_role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Rep))>
                        {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == Role::Rep>{move || r.label(lang())}</option> }).collect_view()}
                    </select>
                    <input id="new-user-team" placeholder=t("set.team") bind:value=new_team />
                    <button id="add-user" on:click=move |_| {
                        let data = UserData { name: new_name.get_untracked(), role: new_role.get_untracked(), team: new_team.get_untracked(), active: true };
                        spawn_local(async move {
                            let r = api::user_save(None, &data).await;
                            if r.is_ok() { new_name.set(String::new()); }
                            done(r.map(|_| tr(lang(), "set.saved").to_string()));
                        });
                    }>{t("set.add_user")}</button>
                </div>
            </div>

            <div class="panel">
                <h2>{t("set.tags")}</h2>
                <ul class="tag-list" id="tags">
                    {move || tags.get().into_iter().map(|tc| {
                        let id = tc.tag.id;
                        let name = RwSignal::new(tc.tag.data.name.clone());
                        let color = RwSignal::new(tc.tag.data.color.clone());
                        view! {
                            <li>
                                <input type="color" bind:value=color />
                                <input class="tag-name" bind:value=name />
                                <span class="muted">{tc.customers}</span>
                                <button class="link" on:click=move |_| {
                                    let data = TagData { name: name.get_untracked(), color: color.get_untracked() };
                                    spawn_local(async move { done(api::tag_save(Some(id), &data).await.map(|_| tr(lang(), "set.saved").to_string())); });
                                }>{t("set.rename")}</button>
                                <button class="link danger" on:click=move |_| {
                                    spawn_local(async move { done(api::tag_delete(id).await.map(|_| tr(lang(), "set.saved").to_string())); });
                                }>{t("set.delete")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="inline-form">
                    <input type="color" id="new-tag-color" bind:value=tag_color />
                    <input id="new-tag-name" placeholder=t("set.tag_name") bind:value=tag_name />
                    <button id="add-tag" on:click=move |_| {
                        let data = TagData { name: tag_name.get_untracked(), color: tag_color.get_untracked() };
                        spawn_local(async move {
                            let r = api::tag_save(None, &data).await;
                            if r.is_ok() { tag_name.set(String::new()); }
                            done(r.map(|_| tr(lang(), "set.saved").to_string()));
                        });
                    }>{t("set.add_tag")}</button>
                </div>
            </div>

            <div class="panel">
                <h2>{t("set.transfer")}</h2>
                <div class="inline-form">
                    <span>{t("set.transfer_from")}</span>
                    <select id="transfer-from" on:change=move |ev| from.set(event_target_value(&ev))><option value="">"—"</option>{user_options}</select>
                    <span>{t("set.transfer_to")}</span>
                    <select id="transfer-all-to" on:change=move |ev| to.set(event_target_value(&ev))><option value="">"—"</option>{user_options}</select>
                    <button id="transfer-all" on:click=move |_| {
                        let (Ok(f), Ok(t2)) = (from.get_untracked().parse::<Id>(), to.get_untracked().parse::<Id>()) else { return };
                        spawn_local(async move {
                            done(api::customers_transfer_all(f, t2).await.map(|n| format!("{}{n}", tr(lang(), "set.transferred"))));
                        });
                    }>{t("set.transfer_btn")}</button>
                </div>
            </div>

            <div class="panel">
                <h2>{t("set.demo")}</h2>
                <p class="muted">{t("set.demo_body")}</p>
                <button id="seed-demo" on:click=move |_| {
                    spawn_local(async move {
                        done(api::seed_demo().await.map(|n| format!("{}{n}", tr(lang(), "set.demo_done"))));
                    });
                }>{t("set.demo_btn")}</button>
            </div>
        </section>
    }
}
