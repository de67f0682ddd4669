//! Every UI string, in Simplified Chinese (default) and English. Domain texts (error messages,
//! role, level and channel names) come from fairdesk-core, which carries both languages.

use fairdesk_core::Lang;
use leptos::prelude::*;
use std::cell::Cell;

/// (key, 中文, English)
const CATALOG: &[(&str, &str, &str)] = &[
    ("app.title", "Fairdesk 销售台", "Fairdesk Sales Desk"),
    ("nav.dashboard", "工作台", "Dashboard"),
    ("nav.customers", "客户", "Customers"),
    ("nav.quotes", "报价", "Quotes"),
    ("nav.orders", "订单", "Orders"),
    ("nav.stock", "库存", "Stock"),
    ("nav.shipping", "发货", "Shipping"),
    ("nav.receivables", "应收", "Receivables"),
    ("nav.invoices", "发票", "Invoices"),
    ("nav.analytics", "分析", "Analytics"),
    ("nav.settings", "设置", "Settings"),
    ("sync.offline", "离线", "Offline"),
    ("sync.pending", "待同步", "Pending"),
    ("sync.online", "在线", "Online"),
    ("sync.syncing", "同步中", "Syncing"),
    ("sync.login_required", "需要重新登录", "Log in again"),
    ("sync.update_required", "请升级应用", "Update required"),
    ("sync.conflicts", "冲突", "Conflicts"),
    ("srv.title", "同步服务器", "Sync server"),
    ("srv.body", "登录公司服务器后，本机的修改会自动上传，同事的修改会自动下载；离线时照常工作。", "Once logged in to the company server, this desk uploads its changes and receives colleagues' changes automatically; offline work carries on as usual."),
    ("srv.server", "服务器地址", "Server address"),
    ("srv.org", "公司代码", "Company"),
    ("srv.login", "用户名", "Login"),
    ("srv.password", "密码", "Password"),
    ("srv.connect", "登录并同步", "Log in and sync"),
    ("srv.connected", "已连接：", "Connected: "),
    ("srv.sync_now", "立即同步", "Sync now"),
    ("srv.logout", "退出登录", "Log out"),
    ("srv.last_sync", "上次同步：", "Last sync: "),
    ("srv.conflicts", "同步冲突（服务器拒绝的修改）", "Sync conflicts (changes the server refused)"),
    ("srv.no_conflicts", "没有冲突", "No conflicts"),
    ("sync.device", "本机编号", "Desk"),
    ("lang.switch", "English", "中文"),
    ("placeholder.title", "即将推出", "Coming soon"),
    ("placeholder.body", "该模块正在开发中，将在后续版本提供。客户管理已可使用。", "This module is being built and will arrive in a later version. Customer management is ready."),
    ("dash.reminders", "今日提醒", "Today's reminders"),
    ("dash.no_reminders", "今天没有需要处理的提醒", "Nothing to follow up today"),
    ("dash.customers", "客户总数", "Customers"),
    ("dash.pending", "待同步变更", "Changes to sync"),
    ("dash.demo_hint", "还没有客户？可以在“设置”中创建演示公司体验。", "No customers yet? Create the demo company in Settings to try things out."),
    ("reminder.follow_up_due", "跟进到期", "Follow-up due"),
    ("reminder.birthday", "生日", "Birthday"),
    ("reminder.contract_expiry", "合同到期", "Contract expires"),
    ("reminder.today", "今天", "today"),
    ("reminder.in_days", "天后", "days to go"),
    ("reminder.overdue", "已逾期", "overdue by"),
    ("reminder.days", "天", "days"),
    ("cust.search", "搜索名称、拼音、首字母、手机或电话", "Search name, pinyin, initials, mobile or phone"),
    ("cust.new", "新建客户", "New customer"),
    ("cust.recycle_bin", "回收站", "Recycle bin"),
    ("cust.back_to_list", "返回列表", "Back to list"),
    ("cust.sort", "排序", "Sort"),
    ("sort.name", "按名称（拼音）", "By name (pinyin)"),
    ("sort.newest", "最新创建", "Newest"),
    ("sort.updated", "最近修改", "Recently changed"),
    ("sort.follow_up", "下次跟进", "Next follow-up"),
    ("cust.code", "编号", "No."),
    ("cust.name", "客户名称", "Name"),
    ("cust.short_name", "简称", "Short name"),
    ("cust.level", "等级", "Level"),
    ("cust.region", "地区", "Region"),
    ("cust.contact", "联系人", "Contact"),
    ("cust.mobile", "手机", "Mobile"),
    ("cust.owner", "负责人", "Owner"),
    ("cust.tags", "标签", "Tags"),
    ("cust.next_follow_up", "下次跟进", "Next follow-up"),
    ("cust.industry", "行业", "Industry"),
    ("cust.province", "省份", "Province"),
    ("cust.city", "城市", "City"),
    ("cust.address", "地址", "Address"),
    ("cust.birthday", "主要联系人生日", "Key contact's birthday"),
    ("cust.contract_expiry", "合同到期日", "Contract expiry"),
    ("cust.credit_limit", "信用额度（元）", "Credit limit (CNY)"),
    ("cust.notes", "备注", "Notes"),
    ("cust.source", "来源", "Source"),
    ("cust.contacts", "联系人", "Contacts"),
    ("cust.add_contact", "添加联系人", "Add contact"),
    ("cust.remove", "移除", "Remove"),
    ("contact.name", "姓名", "Name"),
    ("contact.title", "职务", "Title"),
    ("contact.mobile", "手机", "Mobile"),
    ("contact.phone", "电话", "Phone"),
    ("contact.wechat", "微信", "WeChat"),
    ("contact.email", "邮箱", "E-mail"),
    ("cust.total", "共", "Total"),
    ("cust.items", "条", "customers"),
    ("cust.page", "页", "page"),
    ("cust.prev", "上一页", "Previous"),
    ("cust.next", "下一页", "Next"),
    ("cust.empty", "没有符合条件的客户", "No customers match"),
    ("cust.loading", "加载中…", "Loading…"),
    ("bulk.selected", "已选客户", "Selected"),
    ("bulk.pick_tag", "选择标签…", "Choose a tag…"),
    ("bulk.add", "批量加标签", "Add tag"),
    ("bulk.remove", "批量移除标签", "Remove tag"),
    ("form.new_title", "新建客户", "New customer"),
    ("form.edit_title", "编辑客户", "Edit customer"),
    ("form.save", "保存", "Save"),
    ("form.cancel", "取消", "Cancel"),
    ("form.saving", "正在保存…", "Saving…"),
    ("form.date_hint", "格式：2026-11-27", "Format: 2026-11-27"),
    ("form.dup_title", "可能是重复客户", "This may be a duplicate"),
    ("form.dup_body", "以下客户的名称或手机号相同：", "These customers have the same name or mobile:"),
    ("form.dup_name", "名称相同", "same name"),
    ("form.dup_mobile", "手机号相同", "same mobile"),
    ("form.dup_create", "仍然创建", "Create anyway"),
    ("form.basic", "基本信息", "Profile"),
    ("form.more", "合同与信用", "Contract and credit"),
    ("detail.edit", "编辑", "Edit"),
    ("detail.delete", "删除", "Delete"),
    ("detail.restore", "恢复", "Restore"),
    ("detail.deleted", "该客户已删除（在回收站中）", "This customer is deleted (in the recycle bin)"),
    ("detail.transfer", "转给", "Move to"),
    ("detail.transfer_btn", "转移负责人", "Change owner"),
    ("detail.follow_ups", "跟进记录", "Follow-ups"),
    ("detail.no_follow_ups", "还没有跟进记录", "No follow-ups yet"),
    ("detail.add_follow_up", "添加跟进", "Add follow-up"),
    ("detail.history", "变更历史", "History"),
    ("detail.profile", "客户资料", "Profile"),
    ("fu.date", "日期", "Date"),
    ("fu.channel", "方式", "Channel"),
    ("fu.content", "沟通内容", "What was said"),
    ("fu.next_date", "下次跟进日期", "Next follow-up"),
    ("history.create", "创建", "created"),
    ("history.update", "修改", "changed"),
    ("history.delete", "删除", "deleted"),
    ("history.restore", "恢复", "restored"),
    ("history.transfer", "转移负责人", "changed owner"),
    ("history.follow_up", "跟进", "followed up"),
    ("history.lww_lost", "同步冲突（被较新的修改覆盖）", "sync conflict (overwritten by a newer edit)"),
    ("set.current_user", "当前用户", "Current user"),
    ("set.switch", "切换为此用户", "Work as this user"),
    ("set.switch_hint", "（在下方用户列表中切换；同步服务器上线后改为登录）", "(switch in the user list below; with the sync server this becomes a login)"),
    ("set.users", "用户与角色", "Users and roles"),
    ("set.add_user", "添加用户", "Add user"),
    ("set.user_name", "姓名", "Name"),
    ("set.role", "角色", "Role"),
    ("set.team", "团队", "Team"),
    ("set.active", "在职", "Active"),
    ("set.inactive", "已停用", "Disabled"),
    ("set.disable", "停用", "Disable"),
    ("set.enable", "启用", "Enable"),
    ("set.tags", "客户标签", "Customer tags"),
    ("set.tag_name", "标签名称", "Tag name"),
    ("set.add_tag", "添加标签", "Add tag"),
    ("set.rename", "保存", "Save"),
    ("set.delete", "删除", "Delete"),
    ("set.transfer", "离职交接：转移全部客户", "Hand over: move all customers"),
    ("set.transfer_from", "从", "From"),
    ("set.transfer_to", "转给", "To"),
    ("set.transfer_btn", "全部转移", "Move all"),
    ("set.transferred", "已转移客户数：", "Customers moved: "),
    ("set.demo", "演示公司", "Demo company"),
    ("set.demo_body", "创建约 200 个客户、8 名员工、标签和跟进记录，用于体验和培训。", "Creates about 200 customers, 8 staff, tags and follow-ups to try the app or train staff."),
    ("set.demo_btn", "创建演示公司", "Create demo company"),
    ("set.demo_done", "演示数据已创建，客户数：", "Demo data created, customers: "),
    ("set.language", "界面语言", "Language"),
    ("set.saved", "已保存", "Saved"),
    ("common.none", "—", "—"),
    ("common.yes", "是", "Yes"),
    ("common.error", "出错了", "Something went wrong"),
];

pub fn tr(lang: Lang, key: &str) -> &'static str {
    match CATALOG.iter().find(|(k, _, _)| *k == key) {
        Some((_, zh, en)) => match lang {
            Lang::Zh => zh,
            Lang::En => en,
        },
        None => {
            leptos::logging::warn!("missing UI string {key}");
            "?"
        }
    }
}

thread_local! {
    /// The UI language signal, installed once by the app. A global rather than a context so
    /// that code running after an `await` (outside any reactive owner) can translate too.
    static LANG: Cell<Option<RwSignal<Lang>>> = const { Cell::new(None) };
}

pub fn install(lang: RwSignal<Lang>) {
    LANG.with(|l| l.set(Some(lang)));
}

/// The current language, reactive when read inside a view.
pub fn lang() -> Lang {
    LANG.with(|l| l.get())
        .and_then(|s| s.try_get())
        .unwrap_or_default()
}

/// A reactive translation for use in views: re-renders when the language changes.
pub fn t(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || tr(lang(), key)
}
