//! 客户 list: search (characters, pinyin, initials, phone), tag filter, sort, paging.
//! Filtering and paging happen in the store, so 100k customers stay smooth.

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::t;
use crate::widgets::{ErrorBanner, TagChip};
use fairdesk_core::customer::view::{CustomerPage, CustomerQuery, CustomerSort};
use fairdesk_core::Id;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CustomerList() -> impl IntoView {
    let state = expect_context::<UiState>();
    let text = RwSignal::new(String::new());
    let tags = RwSignal::new(Vec::<Id>::new());
    // 相关度 while searching (best matches first), by name otherwise — unless the clerk picks.
    let sort = RwSignal::new(CustomerSort::Name);
    let sort_picked = RwSignal::new(false);
    let deleted = RwSignal::new(false);
    let page_no = RwSignal::new(0u32);
    let page = RwSignal::new(None::<CustomerPage>);
    let error = RwSignal::new(None);
    let all_tags = RwSignal::new(Vec::new());
    let selected = RwSignal::new(Vec::<Id>::new());
    let bulk_tag = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    spawn_local(async move {
        all_tags.set(api::tag_list().await.unwrap_or_default());
    });
    // Newer answers win: a slow search for "c" must not overwrite the one for "cq".
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        reload.track();
        let q = CustomerQuery {
            text: text.get(),
            tag_ids: tags.get(),
            owner_id: None,
            deleted: deleted.get(),
            sort: sort.get(),
            page: page_no.get(),
            page_size: 50,
        };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        spawn_local(async move {
            let result = api::customer_list(&q).await;
            // Stale answer, or the page was left while it was on its way (then the signals
            // are gone and must not be touched).
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match result {
                Ok(p) => {
                    selected.set(Vec::new());
                    page.set(Some(p));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let reset_page = move || page_no.set(0);
    // Keyboard first: the search box has the cursor when the list opens.
    request_animation_frame(|| crate::widgets::focus("customer-search"));
    let pages = move || {
        page.get()
            .map(|p| p.total.div_ceil(p.page_size as u64).max(1))
            .unwrap_or(1)
    };
    view! {
        <section class="customers">
            <div class="toolbar">
                <input id="customer-search" class="search" type="search"
                    placeholder=t("cust.search")
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if !sort_picked.get_untracked() {
                            sort.set(if v.trim().is_empty() { CustomerSort::Name } else { CustomerSort::Relevance });
                        }
                        text.set(v);
                        reset_page();
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        // Enter opens the first match: search, Enter, done (scanners too).
                        if ev.key() == "Enter" {
                            if let Some(first) = page.get_untracked().and_then(|p| p.rows.first().map(|r| r.id)) {
                                state.go(Page::CustomerDetail(first));
                            }
                        }
                    } />
                <select id="customer-sort" prop:value=move || match sort.get() {
                    CustomerSort::Relevance => "relevance",
                    CustomerSort::Newest => "newest",
                    CustomerSort::RecentlyUpdated => "updated",
                    CustomerSort::NextFollowUp => "follow_up",
                    CustomerSort::Name => "name",
                } on:change=move |ev| {
                    sort_picked.set(true);
                    sort.set(match event_target_value(&ev).as_str() {
                        "relevance" => CustomerSort::Relevance,
                        "newest" => CustomerSort::Newest,
                        "updated" => CustomerSort::RecentlyUpdated,
                        "follow_up" => CustomerSort::NextFollowUp,
                        _ => CustomerSort::Name,
                    });
                    reset_page();
                }>
                    <option value="relevance">{t("sort.relevance")}</option>
                    <option value="name">{t("sort.name")}</option>
                    <option value="newest">{t("sort.newest")}</option>
                    <option value="updated">{t("sort.updated")}</option>
                    <option value="follow_up">{t("sort.follow_up")}</option>
                </select>
                <label class="check">
                    <input type="checkbox" id="recycle-bin" on:change=move |ev| { deleted.set(event_target_checked(&ev)); reset_page(); } />
                    {t("cust.recycle_bin")}
                </label>
                <span class="spacer"></span>
                <button id="new-customer" class="primary" on:click=move |_| state.go(Page::CustomerNew)>{t("cust.new")}</button>
            </div>
            <div class="tag-filter" id="tag-filter">
                {move || all_tags.get().into_iter().map(|tc| {
                    let id = tc.tag.id;
                    let style = format!("--tag:{}", tc.tag.data.color);
                    view! {
                        <button class="tag toggle" style=style
                            class:on=move || tags.get().contains(&id)
                            on:click=move |_| {
                                tags.update(|ts| if let Some(i) = ts.iter().position(|t| *t == id) { ts.remove(i); } else { ts.push(id); });
                                reset_page();
                            }>
                            {tc.tag.data.name.clone()} " " <small>{tc.customers}</small>
                        </button>
                    }
                }).collect_view()}
            </div>
            <ErrorBanner error=error />
            {move || (!selected.get().is_empty()).then(|| {
                let apply = move |add: bool| {
                    let Ok(tag_id) = bulk_tag.get_untracked().parse::<Id>() else { return };
                    let ids = selected.get_untracked();
                    spawn_local(async move {
                        match api::customers_tag(tag_id, &ids, add).await {
                            Ok(()) => {
                                error.set(None);
                                all_tags.set(api::tag_list().await.unwrap_or_default());
                                reload.update(|n| *n += 1);
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    });
                };
                view! {
                    <div class="bulk-bar" id="bulk-bar">
                        <span>{t("bulk.selected")} " " <b>{move || selected.get().len()}</b></span>
                        <select id="bulk-tag" on:change=move |ev| bulk_tag.set(event_target_value(&ev))>
                            <option value="">{t("bulk.pick_tag")}</option>
                            {move || all_tags.get().into_iter().map(|tc| view! {
                                <option value=tc.tag.id.to_string()>{tc.tag.data.name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <button id="bulk-add" on:click=move |_| apply(true)>{t("bulk.add")}</button>
                        <button id="bulk-remove" on:click=move |_| apply(false)>{t("bulk.remove")}</button>
                        <button class="link" on:click=move |_| selected.set(Vec::new())>{t("form.cancel")}</button>
                    </div>
                }
            })}
            <table class="grid" id="customer-table">
                <thead><tr>
                    <th class="pick"><input type="checkbox" id="select-all"
                        prop:checked=move || page.get().is_some_and(|p| !p.rows.is_empty() && selected.get().len() == p.rows.len())
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.set(if on { page.get_untracked().map(|p| p.rows.iter().map(|r| r.id).collect()).unwrap_or_default() } else { Vec::new() });
                        } /></th>
                    // On a narrow window the number, level and tags give way (col-*): name,
                    // contact, mobile, owner and the next follow-up stay.
                    <th class="col-code">{t("cust.code")}</th><th id="th-name">{t("cust.name")}</th><th class="col-level">{t("cust.level")}</th>
                    <th class="col-region">{t("cust.region")}</th><th id="th-contact">{t("cust.contact")}</th><th id="th-mobile">{t("cust.mobile")}</th>
                    <th id="th-owner">{t("cust.owner")}</th><th class="col-tags">{t("cust.tags")}</th><th id="th-follow-up">{t("cust.next_follow_up")}</th>
                </tr></thead>
                <tbody>
                    {move || match page.get() {
                        None => view! { <tr><td colspan="10" class="muted">{t("cust.loading")}</td></tr> }.into_any(),
                        Some(p) if p.rows.is_empty() => view! { <tr><td colspan="10" class="muted" id="no-customers">{t("cust.empty")}</td></tr> }.into_any(),
                        Some(p) => p.rows.into_iter().map(|r| {
                            let id = r.id;
                            let region = if r.province == r.city { r.city.clone() } else { format!("{} {}", r.province, r.city) };
                            view! {
                                <tr class="customer-row">
                                    <td class="pick"><input type="checkbox" class="pick-row"
                                        prop:checked=move || selected.get().contains(&id)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| { s.retain(|x| *x != id); if on { s.push(id); } });
                                        } /></td>
                                    <td class="mono col-code">{r.code.clone()}</td>
                                    <td class="name"><button class="link open" on:click=move |_| state.go(Page::CustomerDetail(id))>{r.name.clone()}</button></td>
                                    <td class="col-level">{r.level.clone()}</td>
                                    <td class="col-region">{region}</td>
                                    <td>{r.contact.clone()}</td>
                                    <td class="mono">{r.mobile.clone()}</td>
                                    <td>{r.owner_name.clone()}</td>
                                    <td class="col-tags">{r.tags.into_iter().map(|tag| view! { <TagChip tag=tag /> }).collect_view()}</td>
                                    <td>{crate::format::date(r.next_follow_up)}</td>
                                </tr>
                            }
                        }).collect_view().into_any(),
                    }}
                </tbody>
            </table>
            <div class="pager">
                <span id="customer-total">{t("cust.total")} " " {move || page.get().map(|p| if p.more { format!("{}+", p.total) } else { p.total.to_string() }).unwrap_or_default()} " " {t("cust.items")}
                    {move || page.get().filter(|p| p.more).map(|_| view! { <span class="muted" id="customer-more">" " {t("cust.more_hint")}</span> })}</span>
                <button id="prev-page" disabled=move || page_no.get() == 0 on:click=move |_| page_no.update(|p| *p = p.saturating_sub(1))>{t("cust.prev")}</button>
                <span>{move || format!("{} / {}", page_no.get() + 1, pages())}</span>
                <button id="next-page" disabled=move || pages() <= page_no.get() as u64 + 1 on:click=move |_| page_no.update(|p| *p += 1)>{t("cust.next")}</button>
            </div>
        </section>
    }
}
