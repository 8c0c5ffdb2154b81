//! `/account/sessions`: the person's devices, each with its sign-out form, and the form that
//! signs out all the others.

use super::{my_devices, Device, Devices, Done, SignOutDevice, SignOutOtherDevices, PATH};
use crate::components::load_error::LoadError;
use crate::components::page_meta::PageMeta;
use crate::i18n::{td_string, Locale};
use crate::locale::use_locale;
use crate::{formats, paths};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DevicesPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let devices = Resource::new(|| (), |_| my_devices());
    view! {
        <PageMeta title=td_string!(locale, devices.title) description=td_string!(locale, devices.description)/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, devices.loading)}</p> }>
            {move || {
                // What the last action did, read before the wait (the page's own query).
                let done_before = {
                    let query = query.read();
                    Done::parse(query.get("done").as_deref(), query.get("count").as_deref())
                };
                Suspend::new(async move {
                match devices.await {
                    Ok(Devices::Listed { devices, done }) => {
                        let done = done.or(done_before);
                        view! { <DeviceList devices done/> }.into_any()
                    }
                    Ok(Devices::SignedOut) => {
                        view! { <Redirect path=paths::sign_in_returning_to(PATH)/> }.into_any()
                    }
                    Err(error) => {
                        view! { <LoadError what=td_string!(locale, devices.load_error) error/> }.into_any()
                    }
                }
                })
            }}
        </Suspense>
    }
}

#[component]
fn DeviceList(devices: Vec<Device>, done: Option<Done>) -> impl IntoView {
    let locale = use_locale();
    let others = devices.iter().filter(|device| !device.this_browser).count();
    let done = done.map(|done| match done {
        Done::SignedOutOne => td_string!(locale, devices.done_one).to_owned(),
        Done::SignedOutOthers(count) => td_string!(locale, devices.done_others, count = count).to_string(),
    });
    view! {
        <section class="panel">
            <h1>{td_string!(locale, devices.heading)}</h1>
            <p class="lead">{td_string!(locale, devices.lead)}</p>
            <p role="status" class="notice" data-testid="devices-done">{done}</p>
            <ul class="devices" data-testid="devices">
                {devices.into_iter().map(|device| view! { <DeviceRow device locale/> }).collect_view()}
            </ul>
            {(others > 0).then(|| view! {
                <form method="post" action=SignOutOtherDevices::PATH class="inline-form">
                    <button type="submit" class="button primary" data-testid="sign-out-others">
                        {td_string!(locale, devices.sign_out_others)}
                    </button>
                </form>
                <p class="hint">{td_string!(locale, devices.sign_out_others_hint)}</p>
            })}
            <p><a href=paths::PROFILE class="link">{td_string!(locale, devices.back_to_profile)}</a></p>
        </section>
    }
}

#[component]
fn DeviceRow(device: Device, locale: Locale) -> impl IntoView {
    let browser = device.browser.unwrap_or_else(|| td_string!(locale, devices.unknown_browser).to_owned());
    let system = device.system.unwrap_or_else(|| td_string!(locale, devices.unknown_system).to_owned());
    let name = td_string!(locale, devices.device_name, browser = browser, system = system).to_string();
    let this_browser = device.this_browser;
    view! {
        <li class="device" data-testid="device" data-this-browser=this_browser.to_string()>
            <h2>
                {name}
                {this_browser.then(|| view! { " " <span class="badge">{td_string!(locale, devices.this_browser)}</span> })}
            </h2>
            <dl>
                <dt>{td_string!(locale, devices.signed_in)}</dt>
                <dd>{formats::date_time(locale, device.signed_in_at)}</dd>
                <dt>{td_string!(locale, devices.last_active)}</dt>
                <dd>{formats::date_time(locale, device.last_active_at)}</dd>
            </dl>
            <form method="post" action=SignOutDevice::PATH class="inline-form">
                <input type="hidden" name="handle" value=device.handle/>
                <button type="submit" class="button" data-testid="sign-out-device">
                    {td_string!(locale, devices.sign_out_one)}
                </button>
            </form>
        </li>
    }
}

/// The profile's way here.
#[component]
pub fn DevicesLink() -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="choice">
            <a href=PATH class="button" data-testid="devices-link">{td_string!(locale, devices.profile_link)}</a>
            <p class="hint">{td_string!(locale, devices.profile_link_hint)}</p>
        </div>
    }
}
