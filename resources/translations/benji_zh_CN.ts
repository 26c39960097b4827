<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Benji CRM</source>
        <translation>关于本机CRM</translation>
    </message>
    <message>
        <source>Benji CRM {0}</source>
        <translation>本机CRM {0}</translation>
    </message>
    <message>
        <source>On-premise CRM and billing: your customer and billing data stays on your own computers.</source>
        <translation>本地部署的客户管理与计费系统：客户和账单数据始终保存在贵公司自己的电脑上。</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Log file:</source>
        <translation>日志文件：</translation>
    </message>
    <message>
        <source>Font: WenQuanYi Micro Hei (Apache-2.0). Icons: Lucide (ISC).</source>
        <translation>字体：文泉驿微米黑（Apache-2.0）。图标：Lucide（ISC）。</translation>
    </message>
</context>
<context>
    <name>Access</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Products and plans</source>
        <translation>产品与套餐</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Users and roles</source>
        <translation>用户与角色</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>银行账号</translation>
    </message>
    <message>
        <source>Tax ID</source>
        <translation>税号</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Own</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Own and subordinates</source>
        <translation>本人及下属</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Department and sub-departments</source>
        <translation>本部门及下属部门</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Editable</source>
        <translation>可编辑</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Masked</source>
        <translation>脱敏显示</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>隐藏</translation>
    </message>
</context>
<context>
    <name>AccessGrid</name>
    <message>
        <source>Data scope</source>
        <translation>数据范围</translation>
    </message>
    <message>
        <source>Sensitive field</source>
        <translation>敏感字段</translation>
    </message>
    <message>
        <source>Shown as</source>
        <translation>显示方式</translation>
    </message>
    <message>
        <source>Sensitive fields (where the role can see the record)</source>
        <translation>敏感字段（在该角色可见的记录中）</translation>
    </message>
</context>
<context>
    <name>Account</name>
    <message>
        <source>Bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>冲销单</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>{0} (void)</source>
        <translation>{0}（已作废）</translation>
    </message>
    <message>
        <source>corrects {0}</source>
        <translation>冲销 {0}</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Drawn</source>
        <translation>扣款</translation>
    </message>
    <message>
        <source>Given back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Aging on {0}: current {1} · 1–30 days {2} · 31–60 days {3} · 61–90 days {4} · over 90 days {5}</source>
        <translation>账龄（截至 {0}）：未到期 {1} · 1–30 天 {2} · 31–60 天 {3} · 61–90 天 {4} · 90 天以上 {5}</translation>
    </message>
</context>
<context>
    <name>AccountPrintActions</name>
    <message>
        <source>Statement...</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <source>Preview and print the statement of a period</source>
        <translation>预览并打印一段期间的对账单</translation>
    </message>
    <message>
        <source>Receipt...</source>
        <translation>收据…</translation>
    </message>
    <message>
        <source>Preview and print the receipt of the payment selected</source>
        <translation>预览并打印所选收款的收据</translation>
    </message>
    <message>
        <source>Statement {0} ~ {1}</source>
        <translation>对账单 {0} ~ {1}</translation>
    </message>
    <message>
        <source>Receipt {0}</source>
        <translation>收据 {0}</translation>
    </message>
</context>
<context>
    <name>AccountTab</name>
    <message>
        <source>Record payment...</source>
        <translation>登记收款...</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Charges</source>
        <translation>应收</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>已收/冲减</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Top up...</source>
        <translation>充值...</translation>
    </message>
    <message>
        <source>Low-balance threshold...</source>
        <translation>余额预警...</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>变动后余额</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Prepaid wallet</source>
        <translation>预付钱包</translation>
    </message>
    <message>
        <source>Balance {0} · outstanding {1} · open credit {2} · overdue {3}</source>
        <translation>账户余额 {0} · 未结清 {1} · 预收未核销 {2} · 逾期 {3}</translation>
    </message>
    <message>
        <source>Opening balance {0}</source>
        <translation>期初余额 {0}</translation>
    </message>
    <message>
        <source>Closing balance {0}  (billed {1} · credited {2} · paid {3} · refunded {4})</source>
        <translation>期末余额 {0}（本期开票 {1} · 冲销 {2} · 收款 {3} · 退款 {4}）</translation>
    </message>
    <message>
        <source>Balance {0} · low-balance threshold {1}</source>
        <translation>钱包余额 {0} · 预警线 {1}</translation>
    </message>
    <message>
        <source>No wallet yet: the first top-up opens it.</source>
        <translation>尚未开通钱包：首次充值即开通。</translation>
    </message>
    <message>
        <source>Low balance</source>
        <translation>余额不足</translation>
    </message>
</context>
<context>
    <name>AddLineDialog</name>
    <message>
        <source>Add a line</source>
        <translation>添加明细行</translation>
    </message>
    <message>
        <source>e.g. On-site installation</source>
        <translation>例如：上门安装</translation>
    </message>
    <message>
        <source>e.g. 120.00, or -30.00 for a reduction</source>
        <translation>例如 120.00；减免填 -30.00</translation>
    </message>
    <message>
        <source>Description *</source>
        <translation>说明 *</translation>
    </message>
    <message>
        <source>Amount incl. tax (CNY) *</source>
        <translation>含税金额（元）*</translation>
    </message>
    <message>
        <source>Amount excl. tax (CNY) *</source>
        <translation>不含税金额（元）*</translation>
    </message>
    <message>
        <source>This bill&apos;s prices include tax: give the amount including tax; the tax is worked out from it.</source>
        <translation>本账单价格为含税价：请填写含税金额，系统据此计算税额。</translation>
    </message>
    <message>
        <source>This bill&apos;s prices exclude tax: give the amount before tax; the tax is added to it.</source>
        <translation>本账单价格为不含税价：请填写不含税金额，税额另行加计。</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>The first administrator</source>
        <translation>首个管理员账号</translation>
    </message>
    <message>
        <source>This account sets up users, roles and settings. Keep its password safe.</source>
        <translation>该账号用于设置用户、角色和系统参数，请妥善保管密码。</translation>
    </message>
    <message>
        <source>e.g. 张伟</source>
        <translation>例如：张伟</translation>
    </message>
    <message>
        <source>Login name *</source>
        <translation>登录名 *</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Password *</source>
        <translation>密码 *</translation>
    </message>
    <message>
        <source>Repeat password *</source>
        <translation>确认密码 *</translation>
    </message>
    <message>
        <source>At least 8 characters, not the same as the login name.</source>
        <translation>至少 8 个字符，且不能与登录名相同。</translation>
    </message>
</context>
<context>
    <name>Amounts</name>
    <message>
        <source>Bill amounts are masked for your role.</source>
        <translation>您的角色已屏蔽账单金额。</translation>
    </message>
    <message>
        <source>Bill amounts are hidden for your role.</source>
        <translation>您的角色已隐藏账单金额。</translation>
    </message>
    <message>
        <source>Payment amounts are masked for your role.</source>
        <translation>您的角色已屏蔽收款金额。</translation>
    </message>
    <message>
        <source>Payment amounts are hidden for your role.</source>
        <translation>您的角色已隐藏收款金额。</translation>
    </message>
    <message>
        <source>Prices are masked for your role.</source>
        <translation>您的角色已屏蔽价格。</translation>
    </message>
    <message>
        <source>Prices are hidden for your role.</source>
        <translation>您的角色已隐藏价格。</translation>
    </message>
</context>
<context>
    <name>AuditColumns</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Record type, e.g. user</source>
        <translation>记录类型，例如 user</translation>
    </message>
    <message>
        <source>Action, e.g. user.login</source>
        <translation>操作，例如 user.login</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>The chain is intact: {0} entries checked.</source>
        <translation>哈希链完整：已校验 {0} 条记录。</translation>
    </message>
    <message>
        <source>The chain is broken at entry No. {0}: the entry was changed, removed or inserted outside Benji CRM.</source>
        <translation>哈希链在第 {0} 条记录处断开：该记录在本机CRM 之外被修改、删除或插入。</translation>
    </message>
    <message>
        <source>Verifying the audit chain...</source>
        <translation>正在校验审计日志…</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>{0} entries exported.</source>
        <translation>已导出 {0} 条记录。</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>A backup holds the whole database: customers and contacts, products and plans, subscriptions and usage, bills and payments, users and roles, settings and the audit log. It is encrypted with a passphrase you choose: without the passphrase nobody can read the file, and nobody can restore it. Keep the passphrase apart from the backup files (e.g. in the company safe or a password manager) and keep copies of the backups on another disk or a NAS.</source>
        <translation>备份包含整个数据库：客户与联系人、产品与套餐、订阅与用量、账单与收款、用户与角色、设置以及审计日志。备份用您设定的备份口令加密：没有口令，任何人都无法读取该文件，也无法恢复它。请将口令与备份文件分开保管（例如写下来放在公司保险柜或密码管理器中），并在另一块硬盘或 NAS 上保留备份副本。</translation>
    </message>
    <message>
        <source>Back up now...</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Check a backup...</source>
        <translation>检查备份…</translation>
    </message>
    <message>
        <source>Test restore...</source>
        <translation>试恢复…</translation>
    </message>
    <message>
        <source>Restore...</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Writes an encrypted copy of the whole database to a file and checks it. Others may keep working meanwhile.</source>
        <translation>将整个数据库加密写入一个文件，并检查该文件。备份期间其他人可以继续工作。</translation>
    </message>
    <message>
        <source>Check a backup</source>
        <translation>检查备份</translation>
    </message>
    <message>
        <source>Check opens a backup with its passphrase and checks every table and checksum. Test restore also restores it into a scratch database, checks the audit chain there and deletes it again; the data in use is not touched.</source>
        <translation>“检查备份”用口令打开备份，核对每张表及校验和。“试恢复”还会把备份恢复到一个临时数据库，在其中验证审计链，然后将其删除；正在使用的数据不受影响。</translation>
    </message>
    <message>
        <source>This desktop works with a server database. A restore into a server is done by IT with &quot;backup restore FILE --into URL&quot; into a new, empty database (see the admin guide, &quot;Backups and restore&quot;).</source>
        <translation>本机使用的是服务器数据库。恢复到服务器须由 IT 人员使用 “backup restore 文件 --into URL” 恢复到一个新建的空数据库（见管理员指南“备份与恢复”一节）。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Replaces all data of this computer&apos;s database by the backup. Everything entered since the backup was made is lost; the current database file is kept beside it as &quot;...before-restore&quot;. Benji CRM closes afterwards and must be started again.</source>
        <translation>用备份替换本机数据库中的全部数据。备份之后录入的内容都将丢失；当前数据库文件会以 “…before-restore” 保留在同一文件夹中。恢复完成后 Benji CRM 将关闭，需要重新启动。</translation>
    </message>
    <message>
        <source>Benji CRM backups (*.benji);;All files (*)</source>
        <translation>Benji CRM 备份 (*.benji);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Table {0} of {1}: {2}</source>
        <translation>第 {0} / {1} 张表：{2}</translation>
    </message>
    <message>
        <source>Restoring rows: {0} of {1}</source>
        <translation>正在恢复数据行：{0} / {1}</translation>
    </message>
    <message>
        <source>Back up to</source>
        <translation>备份到</translation>
    </message>
    <message>
        <source>Passphrase of the new backup</source>
        <translation>新备份的口令</translation>
    </message>
    <message>
        <source>Backing up...</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backup made and checked: it can be restored with its passphrase.</source>
        <translation>备份已完成并通过检查：可凭其口令恢复。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Embedded (SQLite)</source>
        <translation>内嵌 (SQLite)</translation>
    </message>
    <message>
        <source>Made at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>备份程序</translation>
    </message>
    <message>
        <source>Benji CRM {0}</source>
        <translation>本机CRM {0}</translation>
    </message>
    <message>
        <source>Database version</source>
        <translation>数据库版本</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>表数</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Audit chain head</source>
        <translation>审计链末端</translation>
    </message>
    <message>
        <source>entry {0}, {1}</source>
        <translation>第 {0} 条，{1}</translation>
    </message>
    <message>
        <source>Passphrase of {0}</source>
        <translation>{0} 的口令</translation>
    </message>
    <message>
        <source>The backup is intact: every table and checksum is as it was written.</source>
        <translation>备份完好：每张表及校验和均与写入时一致。</translation>
    </message>
    <message>
        <source>Checking the backup...</source>
        <translation>正在检查备份…</translation>
    </message>
    <message>
        <source>Test restore</source>
        <translation>试恢复</translation>
    </message>
    <message>
        <source>Audit entries checked</source>
        <translation>已验证的审计记录</translation>
    </message>
    <message>
        <source>Upgraded from</source>
        <translation>升级自数据库版本</translation>
    </message>
    <message>
        <source>Test restore succeeded: restored {0} tables, {1} rows; audit chain verified. The scratch database was deleted.</source>
        <translation>试恢复成功：已恢复 {0} 张表、{1} 行数据；审计链验证通过。临时数据库已删除。</translation>
    </message>
    <message>
        <source>Benji CRM is still working on something. Wait until it has finished, then restore again.</source>
        <translation>Benji CRM 仍在处理其他任务。请等待其完成后再恢复。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace ALL data of this computer&apos;s database by the backup made at {0} ({1} rows)?

Everything entered since then is lost. The current database file is kept as &quot;...before-restore&quot;. Benji CRM closes when the restore is done.</source>
        <translation>用 {0} 的备份（{1} 行数据）替换本机数据库中的全部数据吗？

此后录入的所有内容都将丢失。当前数据库文件会以 “…before-restore” 保留。恢复完成后 Benji CRM 将关闭。</translation>
    </message>
    <message>
        <source>Restoring replaces all data of this database.</source>
        <translation>恢复将替换本数据库中的全部数据。</translation>
    </message>
    <message>
        <source>Restoring...</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>The backup of {0} was restored ({1} tables, {2} rows; audit chain verified). The previous database was kept as {3}.

Benji CRM closes now. Start it again and log in.</source>
        <translation>{0} 的备份已恢复（{1} 张表、{2} 行数据；审计链验证通过）。原数据库已保留为 {3}。

Benji CRM 现在将关闭。请重新启动并登录。</translation>
    </message>
</context>
<context>
    <name>BatchPrintDialog</name>
    <message>
        <source>Export bills as PDF</source>
        <translation>导出账单 PDF</translation>
    </message>
    <message>
        <source>Print bills</source>
        <translation>打印账单</translation>
    </message>
    <message>
        <source>Export {0} bills as PDF</source>
        <translation>将 {0} 张账单导出为 PDF</translation>
    </message>
    <message>
        <source>Print {0} bills</source>
        <translation>打印 {0} 张账单</translation>
    </message>
    <message>
        <source>draft #{0}</source>
        <translation>草稿 #{0}</translation>
    </message>
    <message>
        <source> and {0} more</source>
        <translation> 等另外 {0} 张</translation>
    </message>
    <message>
        <source>One combined PDF</source>
        <translation>合并为一个 PDF</translation>
    </message>
    <message>
        <source>One file per bill, named by its number</source>
        <translation>每张账单一个文件，以账单号命名</translation>
    </message>
    <message>
        <source>Without prices (quantities only, e.g. as a delivery note)</source>
        <translation>不含价格（只印数量，例如用作送货单）</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Goes straight to the default printer (set in the print preview or Print menu).</source>
        <translation>将直接发送到默认打印机（可在打印预览或“打印”菜单中更改）。</translation>
    </message>
    <message>
        <source>The print dialog opens when the PDF is ready.</source>
        <translation>PDF 生成后将打开打印对话框。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Print...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Choose a folder that exists.</source>
        <translation>请选择一个已存在的文件夹。</translation>
    </message>
    <message>
        <source>Making the PDFs: {0} of {1} bills...</source>
        <translation>正在生成 PDF：已完成 {0} / {1} 张账单…</translation>
    </message>
    <message>
        <source>Making the PDFs...</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was made.</source>
        <translation>已取消：没有生成任何文件。</translation>
    </message>
    <message>
        <source>There was nothing to make.</source>
        <translation>没有需要生成的内容。</translation>
    </message>
    <message>
        <source>The files could not be written into {0}: {1}</source>
        <translation>无法将文件写入 {0}：{1}</translation>
    </message>
    <message>
        <source>{0} bills exported as one PDF to {1}</source>
        <translation>已将 {0} 张账单合并导出为一个 PDF：{1}</translation>
    </message>
    <message>
        <source>{0} bills exported to {1}</source>
        <translation>已将 {0} 张账单导出到 {1}</translation>
    </message>
    <message>
        <source>Cancelled: the other {0} bills were not exported.</source>
        <translation>已取消：其余 {0} 张账单未导出。</translation>
    </message>
    <message>
        <source>{0} files of the same name were already there: they were kept, and the new files got a number added, e.g. &quot;{1}&quot;.</source>
        <translation>已有 {0} 个同名文件：原文件保留不变，新文件名后加了序号，例如“{1}”。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was printed.</source>
        <translation>已取消：没有打印。</translation>
    </message>
    <message>
        <source>{0} bills sent to the printer.</source>
        <translation>已将 {0} 张账单发送到打印机。</translation>
    </message>
    <message>
        <source>Nothing was printed.</source>
        <translation>没有打印。</translation>
    </message>
</context>
<context>
    <name>BillDetailDialog</name>
    <message>
        <source>Bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Issue date</source>
        <translation>出具日期</translation>
    </message>
    <message>
        <source>Tax ID</source>
        <translation>税号</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>出具人</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <source>Total incl. tax</source>
        <translation>价税合计</translation>
    </message>
    <message>
        <source>Total amount</source>
        <translation>合计金额</translation>
    </message>
    <message>
        <source>Total tax</source>
        <translation>合计税额</translation>
    </message>
    <message>
        <source>Paid from wallet</source>
        <translation>钱包抵扣</translation>
    </message>
    <message>
        <source>Credit applied</source>
        <translation>冲抵金额</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>已付金额</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>未付金额</translation>
    </message>
    <message>
        <source>Add line...</source>
        <translation>添加明细…</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>删除明细</translation>
    </message>
    <message>
        <source>Only lines added by hand can be removed</source>
        <translation>只能删除手工添加的明细行</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>出具</translation>
    </message>
    <message>
        <source>Give the bill its number; an issued bill never changes</source>
        <translation>为账单分配编号；已出具的账单不能再修改</translation>
    </message>
    <message>
        <source>Record payment...</source>
        <translation>登记收款...</translation>
    </message>
    <message>
        <source>Credit note...</source>
        <translation>红字发票...</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>tier {0}</source>
        <translation>第{0}档</translation>
    </message>
    <message>
        <source>late usage</source>
        <translation>补计用量</translation>
    </message>
    <message>
        <source>added by hand</source>
        <translation>手工添加</translation>
    </message>
    <message>
        <source>adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Product: {0}</source>
        <translation>产品：{0}</translation>
    </message>
    <message>
        <source>Usage that arrived after its period was billed</source>
        <translation>该期间出账后才到达的用量</translation>
    </message>
    <message>
        <source>Discounts: {0}</source>
        <translation>折扣：{0}</translation>
    </message>
    <message>
        <source>Added by {0}</source>
        <translation>添加人：{0}</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>Draft credit note</source>
        <translation>红字草稿</translation>
    </message>
    <message>
        <source>Draft bill</source>
        <translation>草稿账单</translation>
    </message>
    <message>
        <source>Voided: {0}</source>
        <translation>已作废：{0}</translation>
    </message>
    <message>
        <source>Issue this bill to {0}? It gets its number now and cannot be changed afterwards.</source>
        <translation>向 {0} 出具此账单？账单将立即编号，出具后不能再修改。</translation>
    </message>
    <message>
        <source>Issue bill</source>
        <translation>出具账单</translation>
    </message>
    <message>
        <source>Issue this bill to {0} for {1}? It gets its number now and cannot be changed afterwards.</source>
        <translation>向 {0} 出具这张 {1} 的账单？账单将立即获得编号，此后不能再修改。</translation>
    </message>
</context>
<context>
    <name>BillPrintActions</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Print without prices</source>
        <translation>打印（不含价格）</translation>
    </message>
    <message>
        <source>Preview without prices</source>
        <translation>预览（不含价格）</translation>
    </message>
    <message>
        <source>Print directly to the default printer</source>
        <translation>直接用默认打印机打印</translation>
    </message>
    <message>
        <source>Save PDF...</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>{0} (without prices)</source>
        <translation>{0}（不含价格）</translation>
    </message>
</context>
<context>
    <name>BillRunDialog</name>
    <message>
        <source>Bill run</source>
        <translation>账单批处理</translation>
    </message>
    <message>
        <source>Makes a draft bill for every subscription with a fee period starting on or before the cut-off date, or with usage or adjustments not billed yet. Nothing is issued: review the drafts, then issue them.</source>
        <translation>为截止日期当天或之前开始新计费周期的订阅，以及有未出账用量或调整的订阅，各生成一张草稿账单。此操作不会出具账单：请先核对草稿，再出具。</translation>
    </message>
    <message>
        <source>Cut-off date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Subscriptions looked at</source>
        <translation>处理的订阅</translation>
    </message>
    <message>
        <source>Bills created</source>
        <translation>生成的账单</translation>
    </message>
    <message>
        <source>Already billed</source>
        <translation>此前已出账</translation>
    </message>
    <message>
        <source>Total of the new bills</source>
        <translation>新账单合计</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>执行</translation>
    </message>
    <message>
        <source>Show these bills</source>
        <translation>查看这些账单</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Counting...</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Subscriptions due at this cut-off: {0}</source>
        <translation>截至该日期待出账的订阅：{0}</translation>
    </message>
    <message>
        <source>Billing subscriptions: {0} of {1} done...</source>
        <translation>正在出账：已完成 {0} / {1} 个订阅…</translation>
    </message>
    <message>
        <source>Running... If you cancel, the bills made so far are kept; run again with the same cut-off date to bill the rest.</source>
        <translation>正在执行…如果取消，已生成的账单会保留；用相同的截止日期再次执行即可处理其余订阅。</translation>
    </message>
    <message>
        <source>Running the bill run...</source>
        <translation>正在执行账单批处理…</translation>
    </message>
    <message>
        <source>Stopping after the current batch...</source>
        <translation>当前批次完成后停止…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>The run was cancelled. The {0} bills made before that are kept; run again with the same cut-off date to bill the rest.</source>
        <translation>批处理已取消。取消前生成的 {0} 张账单已保留；用相同的截止日期再次执行即可处理其余订阅。</translation>
    </message>
    <message>
        <source>Nothing was due: every subscription is billed up to this cut-off date.</source>
        <translation>没有待出账的订阅：所有订阅都已出账至该截止日期。</translation>
    </message>
    <message>
        <source>The bills are drafts: review them, then issue them from the bills list.</source>
        <translation>这些账单是草稿：请核对后在账单列表中出具。</translation>
    </message>
</context>
<context>
    <name>Bills</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已出具</translation>
    </message>
    <message>
        <source>Partially paid</source>
        <translation>部分付款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付清</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Draft credit note</source>
        <translation>红字草稿</translation>
    </message>
</context>
<context>
    <name>BillsPage</name>
    <message>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Any period</source>
        <translation>全部期间</translation>
    </message>
    <message>
        <source>Bills whose period overlaps this month</source>
        <translation>计费期间与该月重叠的账单</translation>
    </message>
    <message>
        <source>Customer name or code</source>
        <translation>客户名称或编号</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅看逾期</translation>
    </message>
    <message>
        <source>Show all bills</source>
        <translation>显示全部账单</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Bill number</source>
        <translation>账单号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Issue date</source>
        <translation>出具日期</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Total incl. tax</source>
        <translation>价税合计</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>已付金额</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>未付金额</translation>
    </message>
    <message>
        <source>Overdue days</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Bill run...</source>
        <translation>账单批处理…</translation>
    </message>
    <message>
        <source>Issue selected</source>
        <translation>出具所选</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <source>Void...</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Reminders...</source>
        <translation>催款提醒...</translation>
    </message>
    <message>
        <source>Print...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print the selected bills as one job</source>
        <translation>将所选账单作为一个打印任务打印</translation>
    </message>
    <message>
        <source>Export PDFs...</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Save the selected bills as PDF files</source>
        <translation>将所选账单保存为 PDF 文件</translation>
    </message>
    <message>
        <source>{0} bills</source>
        <translation>共 {0} 张账单</translation>
    </message>
    <message>
        <source>{0} of {1} bills</source>
        <translation>{0} / {1} 张账单</translation>
    </message>
    <message>
        <source>more as you scroll</source>
        <translation>滚动加载更多</translation>
    </message>
    <message>
        <source>Issue selected ({0})</source>
        <translation>出具所选（{0}）</translation>
    </message>
    <message>
        <source>Bill run {0} only</source>
        <translation>仅显示第 {0} 次批处理</translation>
    </message>
    <message>
        <source>One customer&apos;s bills only</source>
        <translation>仅显示一个客户的账单</translation>
    </message>
    <message>
        <source>Bills of {0} only</source>
        <translation>仅显示 {0} 的账单</translation>
    </message>
    <message>
        <source>Issue bills</source>
        <translation>出具账单</translation>
    </message>
    <message>
        <source>Issue {0} draft bills? Each gets its number now; issued bills cannot be changed.</source>
        <translation>出具 {0} 张草稿账单？每张账单将立即获得编号；已出具的账单不能再修改。</translation>
    </message>
    <message>
        <source>Issuing bills: {0} of {1} done...</source>
        <translation>正在出具账单：已完成 {0} / {1}…</translation>
    </message>
    <message>
        <source>Issuing bills...</source>
        <translation>正在出具账单…</translation>
    </message>
    <message>
        <source>{0} bills issued.</source>
        <translation>已出具 {0} 张账单。</translation>
    </message>
    <message>
        <source>Numbers: {0}</source>
        <translation>编号：{0}</translation>
    </message>
    <message>
        <source>{0} could not be issued:</source>
        <translation>{0} 张未能出具：</translation>
    </message>
    <message>
        <source>Cancelled: {0} drafts were not issued.</source>
        <translation>已取消：{0} 张草稿未出具。</translation>
    </message>
    <message>
        <source>Delete the draft bill of {0}? What it billed becomes billable again at the next bill run.</source>
        <translation>删除 {0} 的草稿账单？其中计费的内容将在下次账单批处理时重新计费。</translation>
    </message>
    <message>
        <source>Delete the draft bill of {0} for ¥{1}? What it billed becomes billable again at the next bill run.</source>
        <translation>删除 {0} 金额为 ¥{1} 的草稿账单？其计费内容将在下次账单批处理时重新出账。</translation>
    </message>
    <message>
        <source>Void bill</source>
        <translation>作废账单</translation>
    </message>
    <message>
        <source>Void bill {0} of {1}? It keeps its number and nothing is owed on it any more.
Reason:</source>
        <translation>作废 {1} 的账单 {0}？账单保留编号，不再有应付金额。
原因：</translation>
    </message>
</context>
<context>
    <name>BrandingForm</name>
    <message>
        <source>How bills, receipts and statements look. Issued bills keep the style they were issued with; the preview shows a sample bill with the values below.</source>
        <translation>账单、收据和对账单的样式。已开具的账单保持开具时的样式；右侧预览用下面的设置显示一张示例账单。</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>The colour of titles, table headers and lines on the documents</source>
        <translation>单据上标题、表头和线条的颜色</translation>
    </message>
    <message>
        <source>e.g. Thank you for your business · www.example.cn</source>
        <translation>例如：感谢惠顾 · www.example.cn</translation>
    </message>
    <message>
        <source>e.g. Please pay by bank transfer within 30 days, quoting the bill number.</source>
        <translation>例如：请于 30 日内银行转账，并注明账单号。</translation>
    </message>
    <message>
        <source>e.g. Prices include VAT. Questions about this bill: 010-88886666.</source>
        <translation>例如：以上价格含增值税。账单疑问请致电 010-88886666。</translation>
    </message>
    <message>
        <source>e.g. a payment link; leave empty for no QR code</source>
        <translation>例如：付款链接；留空则不印二维码</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>徽标</translation>
    </message>
    <message>
        <source>Accent colour</source>
        <translation>主题色</translation>
    </message>
    <message>
        <source>Footer</source>
        <translation>页脚</translation>
    </message>
    <message>
        <source>Payment instructions</source>
        <translation>付款说明</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>条款</translation>
    </message>
    <message>
        <source>QR code text</source>
        <translation>二维码内容</translation>
    </message>
    <message>
        <source>Logo: PNG or JPEG, at most 512 KB; a wide logo on a white or transparent background prints best.</source>
        <translation>徽标：PNG 或 JPEG，不超过 512 KB；白色或透明背景的横向徽标打印效果最好。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Updating the preview...</source>
        <translation>正在更新预览…</translation>
    </message>
    <message>
        <source>Choose a logo</source>
        <translation>选择徽标</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>The file could not be read: {0}</source>
        <translation>无法读取文件：{0}</translation>
    </message>
    <message>
        <source>This image is larger than 512 KB. Save it smaller (for example 600 pixels wide) and choose it again.</source>
        <translation>此图片超过 512 KB。请另存为较小的图片（例如宽 600 像素）后重新选择。</translation>
    </message>
    <message>
        <source>Choose a PNG or JPEG image.</source>
        <translation>请选择 PNG 或 JPEG 图片。</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>无徽标</translation>
    </message>
    <message>
        <source>Sample bill with the values above, not saved yet.</source>
        <translation>按上面尚未保存的设置显示的示例账单。</translation>
    </message>
    <message>
        <source>Sample bill with the saved style.</source>
        <translation>按已保存样式显示的示例账单。</translation>
    </message>
    <message>
        <source>The preview could not be made: {0}</source>
        <translation>无法生成预览：{0}</translation>
    </message>
    <message>
        <source>Saved. New documents use this style.</source>
        <translation>已保存。新单据将使用此样式。</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <source>Reload now?</source>
        <translation>现在重新载入吗？</translation>
    </message>
</context>
<context>
    <name>CalculatorPanel</name>
    <message>
        <source>Price calculator</source>
        <translation>价格试算</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1个月</translation>
    </message>
    <message>
        <source>1 quarter</source>
        <translation>1个季度</translation>
    </message>
    <message>
        <source>half a year</source>
        <translation>半年</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1年</translation>
    </message>
    <message>
        <source>First period (with the one-time fees)</source>
        <translation>首期（含一次性费用）</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>Period from</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>Membership tier</source>
        <translation>会员级别</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Wallet balance</source>
        <translation>钱包余额</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>价税合计</translation>
    </message>
    <message>
        <source>Total amount</source>
        <translation>合计金额</translation>
    </message>
    <message>
        <source>Total tax</source>
        <translation>合计税额</translation>
    </message>
    <message>
        <source>Total incl. tax</source>
        <translation>价税合计</translation>
    </message>
    <message>
        <source>Paid from wallet</source>
        <translation>钱包抵扣</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <source>What the customer uses</source>
        <translation>客户用量</translation>
    </message>
    <message>
        <source>tier {0}</source>
        <translation>第{0}档</translation>
    </message>
    <message>
        <source>flat fee</source>
        <translation>固定费</translation>
    </message>
    <message>
        <source>(list prices)</source>
        <translation>（标准价）</translation>
    </message>
    <message>
        <source>Buy: {0}</source>
        <translation>购买：{0}</translation>
    </message>
    <message>
        <source>Meter {0}: {1} per {2}</source>
        <translation>计量项 {0}：每{2} {1}</translation>
    </message>
    <message>
        <source>Enter numbers, e.g. 1,234 or 12.5.</source>
        <translation>请输入数字，如 1,234 或 12.5。</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>Recurring fee</source>
        <translation>周期费</translation>
    </message>
    <message>
        <source>One-time fee</source>
        <translation>一次性费用</translation>
    </message>
    <message>
        <source>Per seat</source>
        <translation>按用户数</translation>
    </message>
    <message>
        <source>Module add-on</source>
        <translation>功能模块</translation>
    </message>
    <message>
        <source>Module bundle</source>
        <translation>模块套装</translation>
    </message>
    <message>
        <source>Usage (metered)</source>
        <translation>按量计费</translation>
    </message>
    <message>
        <source>Prepaid top-up</source>
        <translation>预付充值</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>天</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季</translation>
    </message>
    <message>
        <source>Half year</source>
        <translation>半年</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Per unit</source>
        <translation>按单价</translation>
    </message>
    <message>
        <source>Graduated tiers</source>
        <translation>累进阶梯</translation>
    </message>
    <message>
        <source>Volume tiers</source>
        <translation>全量阶梯</translation>
    </message>
    <message>
        <source>Package (per block of units)</source>
        <translation>按包计价</translation>
    </message>
    <message>
        <source>Percentage of amount</source>
        <translation>按金额比例</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>求和</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Count of unique ids</source>
        <translation>去重计数</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>最后值</translation>
    </message>
    <message>
        <source>Round up</source>
        <translation>向上取整</translation>
    </message>
    <message>
        <source>Round down</source>
        <translation>向下取整</translation>
    </message>
    <message>
        <source>Round to nearest</source>
        <translation>四舍五入</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>一次</translation>
    </message>
    <message>
        <source>For N periods</source>
        <translation>多个周期</translation>
    </message>
    <message>
        <source>Forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Call seconds</source>
        <translation>通话秒数</translation>
    </message>
    <message>
        <source>SMS count</source>
        <translation>短信条数</translation>
    </message>
    <message>
        <source>Data (MB)</source>
        <translation>流量(MB)</translation>
    </message>
    <message>
        <source>Enter a percentage from 0 to 100, e.g. 15 for 15 %.</source>
        <translation>请输入 0 到 100 之间的百分数，例如 15 表示 15 %。</translation>
    </message>
    <message>
        <source>{0} periods</source>
        <translation>{0}个周期</translation>
    </message>
</context>
<context>
    <name>CatalogList</name>
    <message>
        <source>Edit...</source>
        <translation>编辑...</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Show deactivated</source>
        <translation>显示已停用</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <source>Change plan</source>
        <translation>变更套餐</translation>
    </message>
    <message>
        <source>Change seats</source>
        <translation>变更用户数</translation>
    </message>
    <message>
        <source>Pause subscription</source>
        <translation>暂停订阅</translation>
    </message>
    <message>
        <source>Resume subscription</source>
        <translation>恢复订阅</translation>
    </message>
    <message>
        <source>Cancel subscription</source>
        <translation>取消订阅</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Takes effect on</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>At the end of the billing period (no credit)</source>
        <translation>本计费周期结束时（不退还）</translation>
    </message>
    <message>
        <source>Immediately, with a credit for the rest of the period</source>
        <translation>立即取消，退还本期剩余天数的费用</translation>
    </message>
    <message>
        <source>New plan</source>
        <translation>新套餐</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>When</source>
        <translation>取消时间</translation>
    </message>
    <message>
        <source>Next bill after the change</source>
        <translation>变更后的下期账单</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>退还</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>补收</translation>
    </message>
    <message>
        <source>Balance on the next bill</source>
        <translation>计入下期账单的差额</translation>
    </message>
    <message>
        <source>Preview: nothing is saved until you press OK</source>
        <translation>预览：按“确定”之前不会保存任何内容</translation>
    </message>
    <message>
        <source>Credit for the unused part of the old terms</source>
        <translation>退还：原条款未使用部分</translation>
    </message>
    <message>
        <source>Charge for the rest of the period on the new terms</source>
        <translation>补收：本期剩余天数按新条款计费</translation>
    </message>
    <message>
        <source>There is no other published plan to change to.</source>
        <translation>没有其他已发布的套餐可以变更。</translation>
    </message>
    <message>
        <source>Billing period {0}; the change counts from {1}.</source>
        <translation>计费周期 {0}；变更自 {1} 起计算。</translation>
    </message>
    <message>
        <source>No money moves: the subscription is not billed on {0} (trial or paused).</source>
        <translation>不产生费用：该订阅在 {0} 不计费（试用中或已暂停）。</translation>
    </message>
    <message>
        <source>After the change: {0}</source>
        <translation>变更后：{0}</translation>
    </message>
    <message>
        <source>last day of service {0}</source>
        <translation>服务最后一天 {0}</translation>
    </message>
    <message>
        <source>Nothing to credit.</source>
        <translation>无需退还。</translation>
    </message>
    <message>
        <source>Nothing to charge.</source>
        <translation>无需补收。</translation>
    </message>
    <message>
        <source>the customer pays this</source>
        <translation>客户需补付</translation>
    </message>
    <message>
        <source>credited to the customer</source>
        <translation>退还给客户</translation>
    </message>
    <message>
        <source>Nothing to bill after this change (paused, cancelled or ended).</source>
        <translation>变更后无需计费（已暂停、已取消或已结束）。</translation>
    </message>
    <message>
        <source>Next bill after the change ({0})</source>
        <translation>变更后的下期账单（{0}）</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>记录已被他人修改</translation>
    </message>
    <message>
        <source>Reload it and preview again?</source>
        <translation>是否重新加载并再次预览？</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>确认新密码</translation>
    </message>
    <message>
        <source>Your password was set by an administrator. Choose your own password to continue.</source>
        <translation>您的密码由管理员设置，请先设置自己的新密码再继续。</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
</context>
<context>
    <name>ChargeForm</name>
    <message>
        <source>Code *</source>
        <translation>编码 *</translation>
    </message>
    <message>
        <source>e.g. base, calls, sms</source>
        <translation>如 base、calls、sms</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <source>shown on the bill, e.g. 月租</source>
        <translation>账单上显示，如 月租</translation>
    </message>
    <message>
        <source>Product *</source>
        <translation>产品 *</translation>
    </message>
</context>
<context>
    <name>ChargesPanel</name>
    <message>
        <source>Add charge</source>
        <translation>添加收费项</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Add the charges of the plan: a monthly fee, seats, modules, usage, top-ups...</source>
        <translation>添加套餐的收费项：月租、用户数、模块、用量、充值...</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Check every row</source>
        <translation>逐行检查</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Save the problems as Excel...</source>
        <translation>将问题另存为 Excel…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Checking the file...</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>{0} rows, {1} problems. Nothing will be imported until every row is right: correct the file and go back to check it again.</source>
        <translation>共 {0} 行，发现 {1} 个问题。全部行都正确之前不会导入任何数据：请修改文件后返回重新检查。</translation>
    </message>
    <message>
        <source>{0} rows are fine: {1} new customers, {2} updated, {3} unchanged. Press Import.</source>
        <translation>{0} 行全部正确：新建 {1} 个客户，更新 {2} 个，{3} 个无变化。请点击“导入”。</translation>
    </message>
    <message>
        <source>Save the problems</source>
        <translation>保存问题清单</translation>
    </message>
</context>
<context>
    <name>CommitmentForm</name>
    <message>
        <source>Bill at least a minimum amount per period</source>
        <translation>每期至少按最低消费计费</translation>
    </message>
    <message>
        <source>Minimum per period *</source>
        <translation>每期最低金额 *</translation>
    </message>
    <message>
        <source>Billed as product *</source>
        <translation>计费产品 *</translation>
    </message>
    <message>
        <source>Counted charges</source>
        <translation>计入的收费项</translation>
    </message>
    <message>
        <source>charge codes, comma separated; empty: all usage charges</source>
        <translation>收费项编码，逗号分隔；留空表示全部用量收费项</translation>
    </message>
</context>
<context>
    <name>CompanyForm</name>
    <message>
        <source>e.g. 北京本机科技有限公司</source>
        <translation>例如：北京本机科技有限公司</translation>
    </message>
    <message>
        <source>e.g. 010-88886666 or 13800138000</source>
        <translation>例如：010-88886666 或 13800138000</translation>
    </message>
    <message>
        <source>18 characters, e.g. 91110000600037341L</source>
        <translation>18 位，例如：91110000600037341L</translation>
    </message>
    <message>
        <source>Company name *</source>
        <translation>公司名称 *</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>开户银行</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>银行账号</translation>
    </message>
</context>
<context>
    <name>CompanyInfoPage</name>
    <message>
        <source>Your company</source>
        <translation>公司信息</translation>
    </message>
    <message>
        <source>These details appear in the header of every bill, receipt and statement. You can change them later.</source>
        <translation>这些信息会印在每张账单、收据和对账单的抬头上，以后也可以修改。</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <source>Company details</source>
        <translation>公司信息</translation>
    </message>
    <message>
        <source>Printed in the header of bills, receipts and statements.</source>
        <translation>打印在账单、收据和对账单的抬头上。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>单据样式</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改历史</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>记录已被他人修改</translation>
    </message>
    <message>
        <source>Reload now?</source>
        <translation>现在重新加载吗？</translation>
    </message>
</context>
<context>
    <name>ConfirmPasswordDialog</name>
    <message>
        <source>Confirm with your password</source>
        <translation>输入密码确认</translation>
    </message>
    <message>
        <source>Enter your own log-in password to continue.</source>
        <translation>请输入您本人的登录密码以继续。</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Decision maker</source>
        <translation>关键决策人</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>主要联系人</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>添加联系人</translation>
    </message>
</context>
<context>
    <name>CouponDialog</name>
    <message>
        <source>New coupon</source>
        <translation>新增优惠券</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>e.g. NEW50</source>
        <translation>如 NEW50</translation>
    </message>
    <message>
        <source>e.g. 新客立减</source>
        <translation>如 新客立减</translation>
    </message>
    <message>
        <source>Percentage off</source>
        <translation>按比例折扣</translation>
    </message>
    <message>
        <source>Fixed amount off</source>
        <translation>固定金额减免</translation>
    </message>
    <message>
        <source> periods</source>
        <translation> 个周期</translation>
    </message>
    <message>
        <source>charge codes, comma separated; empty: every charge</source>
        <translation>收费项编码，逗号分隔；留空表示全部</translation>
    </message>
    <message>
        <source>Code *</source>
        <translation>编码 *</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Applies</source>
        <translation>适用期</translation>
    </message>
    <message>
        <source>Number of periods</source>
        <translation>周期数</translation>
    </message>
    <message>
        <source>Only on charges</source>
        <translation>仅限收费项</translation>
    </message>
    <message>
        <source>Discounts are taken off before tax and never below zero. A fixed amount is in the plan&apos;s prices (including VAT for 含税 plans).</source>
        <translation>折扣在税前扣减，且不会低于零。固定金额按套餐价格计（含税套餐为含税金额）。</translation>
    </message>
    <message>
        <source>Your role may not change prices.</source>
        <translation>您的角色不能修改价格。</translation>
    </message>
    <message>
        <source>Percent off *</source>
        <translation>折扣比例(%) *</translation>
    </message>
    <message>
        <source>Amount off (元) *</source>
        <translation>减免金额(元) *</translation>
    </message>
</context>
<context>
    <name>CreditNoteDialog</name>
    <message>
        <source>Credit note</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>原金额</translation>
    </message>
    <message>
        <source>Already credited</source>
        <translation>已红冲</translation>
    </message>
    <message>
        <source>Creditable</source>
        <translation>可红冲</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>退还</translation>
    </message>
    <message>
        <source>Credit all</source>
        <translation>全部红冲</translation>
    </message>
    <message>
        <source>Credit everything still creditable on every line</source>
        <translation>将每一行剩余可红冲金额全部红冲</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>e.g. Service outage 3–5 March, agreed with the customer</source>
        <translation>例如：3月3日至5日服务中断，已与客户协商</translation>
    </message>
    <message>
        <source>Reason *</source>
        <translation>原因 *</translation>
    </message>
    <message>
        <source>Amounts include tax. The credit note is issued at once: it settles what the bill still owes, the rest stays with the customer as open credit.</source>
        <translation>金额为含税金额。红字发票立即开具：先冲抵账单未付金额，其余作为客户的预收余额。</translation>
    </message>
    <message>
        <source>Create credit note</source>
        <translation>开具红字发票</translation>
    </message>
    <message>
        <source>Double-click to type the amount to credit, at most {0}</source>
        <translation>双击输入红冲金额，最多 {0}</translation>
    </message>
    <message>
        <source>Check the amounts: they must be numbers such as 30.00</source>
        <translation>请检查金额：须为数字，例如 30.00</translation>
    </message>
    <message>
        <source>Total to credit: {0}</source>
        <translation>红冲合计：{0}</translation>
    </message>
    <message>
        <source>Credit note {0} of {1} issued.</source>
        <translation>已开具红字发票 {0}，金额 {1}。</translation>
    </message>
</context>
<context>
    <name>CustomFields</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>e.g. 2026-01-05</source>
        <translation>例如 2026-01-05</translation>
    </message>
    <message>
        <source>Pick a date</source>
        <translation>选择日期</translation>
    </message>
    <message>
        <source>More fields</source>
        <translation>更多字段</translation>
    </message>
    <message>
        <source>e.g. 1234.50</source>
        <translation>例如 1234.50</translation>
    </message>
    <message>
        <source>Custom field</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>CustomFieldsPage</name>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Extra fields on the customer form and, if you choose, in the customer list. A deactivated field disappears from both; the values customers have are kept.</source>
        <translation>客户表单上的附加字段，可选择同时显示在客户列表中。停用的字段会从两处消失，但客户已有的值会保留。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键名</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>In the list</source>
        <translation>列表中显示</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Add field...</source>
        <translation>添加字段…</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>基本资料</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改历史</translation>
    </message>
    <message>
        <source>Owner: {0}</source>
        <translation>负责人：{0}</translation>
    </message>
    <message>
        <source>In the customer pool</source>
        <translation>在公海中</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>记录已被他人修改</translation>
    </message>
    <message>
        <source>Reload now?</source>
        <translation>现在重新加载吗？</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
</context>
<context>
    <name>CustomerValue</name>
    <message>
        <source>Apply suggested tiers</source>
        <translation>应用建议级别</translation>
    </message>
    <message>
        <source>The selected customers already have their suggested tier.</source>
        <translation>所选客户已是建议的级别。</translation>
    </message>
    <message>
        <source>Every customer in the report already has their suggested tier.</source>
        <translation>报表中的客户均已是建议的级别。</translation>
    </message>
    <message>
        <source>Set the suggested tier on {0} selected customers?</source>
        <translation>将所选的 {0} 个客户改为建议级别吗？</translation>
    </message>
    <message>
        <source>Set the suggested tier on all {0} customers whose suggestion differs?</source>
        <translation>将建议级别与当前级别不同的全部 {0} 个客户改为建议级别吗？</translation>
    </message>
    <message>
        <source>Each change is recorded in the audit log; the customers&apos; next bills use their new tier&apos;s prices.</source>
        <translation>每项修改都会记入审计日志；这些客户的下一张账单将按新级别的价格计费。</translation>
    </message>
    <message>
        <source>Suggested tier set on {0} customers.</source>
        <translation>已将 {0} 个客户改为建议级别。</translation>
    </message>
    <message>
        <source>Applying the suggested tiers...</source>
        <translation>正在应用建议级别...</translation>
    </message>
</context>
<context>
    <name>Customers</name>
    <message>
        <source>Prospect</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正式客户</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>白银</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>黄金</translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>铂金</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Search name, pinyin (bjkj), phone, tax ID, contact... (Ctrl+F)</source>
        <translation>搜索名称、拼音（bjkj）、电话、税号、联系人…（Ctrl+F）</translation>
    </message>
    <message>
        <source>All I can see</source>
        <translation>我可见的全部</translation>
    </message>
    <message>
        <source>My customers</source>
        <translation>我的客户</translation>
    </message>
    <message>
        <source>Customer pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>会员级别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>(pool)</source>
        <translation>（公海）</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Any owner</source>
        <translation>任意负责人</translation>
    </message>
    <message>
        <source>Any department</source>
        <translation>任意部门</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Last follow-up</source>
        <translation>最近跟进</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>New customer (Ctrl+N)</source>
        <translation>新建客户（Ctrl+N）</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>领取</translation>
    </message>
    <message>
        <source>Return to pool</source>
        <translation>退回公海</translation>
    </message>
    <message>
        <source>Assign...</source>
        <translation>分配…</translation>
    </message>
    <message>
        <source>Merge into...</source>
        <translation>合并到…</translation>
    </message>
    <message>
        <source>Merge the selected duplicate into another customer</source>
        <translation>把选中的重复客户合并到另一个客户</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import usage...</source>
        <translation>导入用量…</translation>
    </message>
    <message>
        <source>Import usage records (calls, SMS, data...) of subscriptions</source>
        <translation>导入订阅的用量记录（通话、短信、流量等）</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>{0} customers</source>
        <translation>共 {0} 个客户</translation>
    </message>
    <message>
        <source>Counting...</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Why (optional):</source>
        <translation>原因（可选）：</translation>
    </message>
    <message>
        <source>Assign customer</source>
        <translation>分配客户</translation>
    </message>
    <message>
        <source>New owner:</source>
        <translation>新负责人：</translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>合并客户</translation>
    </message>
    <message>
        <source>Merge {0} {1} into the customer with the code:</source>
        <translation>将 {0} {1} 合并到编号为以下的客户：</translation>
    </message>
    <message>
        <source>No customer has the code {0}.</source>
        <translation>没有编号为 {0} 的客户。</translation>
    </message>
    <message>
        <source>Move the contacts and follow-ups of {0} to {1} {2}, then delete {0}?</source>
        <translation>将“{0}”的联系人和跟进记录移到 {1} {2}，然后删除“{0}”？</translation>
    </message>
    <message>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>{0} customers exported.</source>
        <translation>已导出 {0} 个客户。</translation>
    </message>
</context>
<context>
    <name>DatabaseForm</name>
    <message>
        <source>On this computer (embedded database, no set-up)</source>
        <translation>保存在本机（内置数据库，无需配置）</translation>
    </message>
    <message>
        <source>On a server in the office network (PostgreSQL or MariaDB)</source>
        <translation>保存在局域网服务器上（PostgreSQL 或 MariaDB）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Database file:</source>
        <translation>数据库文件：</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10 or crm-server</source>
        <translation>例如：192.168.1.10 或 crm-server</translation>
    </message>
    <message>
        <source>Require an encrypted connection (TLS)</source>
        <translation>要求加密连接（TLS）</translation>
    </message>
    <message>
        <source>Refuse to connect when the server does not offer TLS. Switch TLS on at the server first (admin guide, LAN server set-up).</source>
        <translation>服务器不提供 TLS 时拒绝连接。请先在服务器上启用 TLS（见管理员指南“局域网服务器设置”）。</translation>
    </message>
    <message>
        <source>Save the password in the system keyring</source>
        <translation>将密码保存到系统密钥环</translation>
    </message>
    <message>
        <source>This computer has no secure password store, so the password is kept for this session only and asked for at each start. It is never written to a file.</source>
        <translation>本机没有安全的密码存储，密码只在本次运行期间保留，每次启动时需要重新输入；密码绝不会写入文件。</translation>
    </message>
    <message>
        <source>Server type:</source>
        <translation>服务器类型：</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>Benji CRM database (*.db)</source>
        <translation>本机CRM 数据库 (*.db)</translation>
    </message>
    <message>
        <source>Enter the host, the database and the user.</source>
        <translation>请填写主机、数据库和用户名。</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected. Benji CRM is already set up in this database: you will log in with your account.</source>
        <translation>连接成功。该数据库已完成初始化，接下来请用您的账号登录。</translation>
    </message>
    <message>
        <source>Connected. The database is ready for Benji CRM.</source>
        <translation>连接成功，数据库可以使用。</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>Where should Benji CRM keep its data?</source>
        <translation>数据保存在哪里？</translation>
    </message>
    <message>
        <source>One computer: keep the data on this computer. Several desktops sharing customers and bills: use a PostgreSQL or MariaDB server on the office network.</source>
        <translation>只有一台电脑使用：数据保存在本机即可。多台电脑共享客户和账单：请使用局域网内的 PostgreSQL 或 MariaDB 服务器。</translation>
    </message>
</context>
<context>
    <name>DemoOption</name>
    <message>
        <source>Fill with a demo company (演示数据) so you can look around</source>
        <translation>填充演示公司数据（演示数据），方便先四处看看</translation>
    </message>
    <message>
        <source>Adds 300 made-up customers with a year of subscriptions, usage, bills and payments (takes about a minute). Demo users such as demo_manager and demo_clerk get the password {0}. Use a new database for real work.</source>
        <translation>添加 300 个虚构客户及一年的订阅、用量、账单和收款（约需一分钟）。demo_manager、demo_clerk 等演示用户的密码为 {0}。正式使用请另建新数据库。</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPage</name>
    <message>
        <source>Diagnostics</source>
        <translation>诊断信息</translation>
    </message>
    <message>
        <source>Facts about this computer and its database for IT and support. Nothing here changes data. A support bundle holds the log files, this computer&apos;s settings and this report, without passwords and without customer data.</source>
        <translation>供 IT 人员和技术支持查看的本机及数据库信息，此处不会修改任何数据。支持包包含日志文件、本机设置和本报告，不含任何密码和客户数据。</translation>
    </message>
    <message>
        <source>Collect support bundle...</source>
        <translation>收集支持包...</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>Benji CRM version</source>
        <translation>本机CRM 版本</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Computer name</source>
        <translation>计算机名</translation>
    </message>
    <message>
        <source>Password store</source>
        <translation>密码存储</translation>
    </message>
    <message>
        <source>Move to a LAN server...</source>
        <translation>迁移到局域网服务器...</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Server version</source>
        <translation>服务器版本</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Response time</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>Database version</source>
        <translation>数据库版本</translation>
    </message>
    <message>
        <source>This program&apos;s database version</source>
        <translation>本程序的数据库版本</translation>
    </message>
    <message>
        <source>When several computers should work with the same data, move this database to a PostgreSQL or MariaDB server on the office network (admin guide, &quot;Moving to a server&quot;).</source>
        <translation>如需多台电脑共用同一份数据，可将此数据库迁移到办公网络中的 PostgreSQL 或 MariaDB 服务器（见管理员指南“迁移到服务器”）。</translation>
    </message>
    <message>
        <source>Automatic backups</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Last backup</source>
        <translation>上次备份</translation>
    </message>
    <message>
        <source>Next backup</source>
        <translation>下次备份</translation>
    </message>
    <message>
        <source>Backups made by hand in the Backup section are not recorded here.</source>
        <translation>在“备份与恢复”中手动进行的备份不在此记录。</translation>
    </message>
    <message>
        <source>Check audit chain</source>
        <translation>检查审计链</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条目数</translation>
    </message>
    <message>
        <source>Hash chain</source>
        <translation>哈希链</translation>
    </message>
    <message>
        <source>The check reads every entry of the audit log and recomputes its hash; on a large database it takes a while.</source>
        <translation>检查会读取审计日志的每一条记录并重新计算其哈希值；数据库较大时需要一些时间。</translation>
    </message>
    <message>
        <source>Files on this computer</source>
        <translation>本机文件</translation>
    </message>
    <message>
        <source>Config file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Copies before upgrades</source>
        <translation>升级前副本</translation>
    </message>
    <message>
        <source>Reading the diagnostics...</source>
        <translation>正在读取诊断信息...</translation>
    </message>
    <message>
        <source>Read at {0}.</source>
        <translation>读取于 {0}。</translation>
    </message>
    <message>
        <source>The diagnostics could not be read.</source>
        <translation>无法读取诊断信息。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{0} (secure)</source>
        <translation>{0}（安全）</translation>
    </message>
    <message>
        <source>{0}: not secure, so no password is saved on this computer</source>
        <translation>{0}：不安全，因此本机不保存任何密码</translation>
    </message>
    <message>
        <source>Embedded (SQLite)</source>
        <translation>嵌入式 (SQLite)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{0} ms (median of a few queries)</source>
        <translation>{0} 毫秒（多次查询的中位数）</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>older than this program: it is upgraded at the next start, after a backup</source>
        <translation>比本程序旧：下次启动时会先备份再升级</translation>
    </message>
    <message>
        <source>newer than this program: update Benji CRM on this computer</source>
        <translation>比本程序新：请在本机更新本机CRM</translation>
    </message>
    <message>
        <source>empty: not set up yet</source>
        <translation>空：尚未设置</translation>
    </message>
    <message>
        <source>not a Benji CRM database</source>
        <translation>不是本机CRM 数据库</translation>
    </message>
    <message>
        <source>every {0} hours into {1}</source>
        <translation>每 {0} 小时备份到 {1}</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>{0}: made and verified, {1}, {2} rows
{3}</source>
        <translation>{0}：已备份并通过校验，{1}，{2} 行
{3}</translation>
    </message>
    <message>
        <source>{0}: failed. {1}</source>
        <translation>{0}：失败。{1}</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <source>intact: {0} entries checked in {1} s ({2})</source>
        <translation>完好：已检查 {0} 条，用时 {1} 秒（{2}）</translation>
    </message>
    <message>
        <source>its content was changed</source>
        <translation>其内容被修改</translation>
    </message>
    <message>
        <source>it does not follow the entry before it</source>
        <translation>它与前一条记录衔接不上</translation>
    </message>
    <message>
        <source>an entry was removed or inserted</source>
        <translation>有记录被删除或插入</translation>
    </message>
    <message>
        <source>BROKEN at entry {0}: {1}. The {2} entries before it are intact.</source>
        <translation>在第 {0} 条处断开：{1}。之前的 {2} 条记录完好。</translation>
    </message>
    <message>
        <source>Checking the audit chain...</source>
        <translation>正在检查审计链...</translation>
    </message>
    <message>
        <source>Benji CRM diagnostics</source>
        <translation>本机CRM 诊断信息</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Save the support bundle</source>
        <translation>保存支持包</translation>
    </message>
    <message>
        <source>ZIP files (*.zip)</source>
        <translation>ZIP 文件 (*.zip)</translation>
    </message>
    <message>
        <source>Support bundle written: {0} ({1}); {2} passwords or customer details were redacted.</source>
        <translation>支持包已写入：{0}（{1}）；已隐去 {2} 处密码或客户信息。</translation>
    </message>
    <message>
        <source>Collecting the support bundle...</source>
        <translation>正在收集支持包...</translation>
    </message>
</context>
<context>
    <name>DiscountsEditor</name>
    <message>
        <source>Code *</source>
        <translation>编码 *</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣方式</translation>
    </message>
    <message>
        <source>Off (% or 元) *</source>
        <translation>优惠(% 或 元) *</translation>
    </message>
    <message>
        <source>Applies</source>
        <translation>适用期</translation>
    </message>
    <message>
        <source>Periods</source>
        <translation>期数</translation>
    </message>
    <message>
        <source>Only on charges</source>
        <translation>仅限收费项</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Charge codes, comma separated; empty: every charge</source>
        <translation>收费项编码，逗号分隔；留空表示全部</translation>
    </message>
    <message>
        <source>Add discount</source>
        <translation>添加折扣</translation>
    </message>
    <message>
        <source>Remove discount</source>
        <translation>删除折扣</translation>
    </message>
    <message>
        <source>The plan&apos;s own discounts apply from the subscription&apos;s first period, in this order and before coupons; they are taken off before tax and never below zero. A fixed amount is in the plan&apos;s prices (including VAT for 含税 plans).</source>
        <translation>套餐自带的折扣从订阅的第一期起计，按此顺序在优惠券之前扣减；折扣在税前扣减，且不会低于零。固定金额按套餐价格计（含税套餐为含税金额）。</translation>
    </message>
    <message>
        <source>Percentage off</source>
        <translation>按比例折扣</translation>
    </message>
    <message>
        <source>Fixed amount off</source>
        <translation>固定金额减免</translation>
    </message>
    <message>
        <source>all charges</source>
        <translation>全部收费项</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>撤销本次导入</translation>
    </message>
    <message>
        <source>{0} new customers, {1} updated, {2} unchanged. If this was the wrong file, you can undo the import as long as nobody has worked on these customers.</source>
        <translation>新增 {0} 个客户，更新 {1} 个，未变 {2} 个。如果导错了文件，只要还没有人处理过这些客户，就可以撤销本次导入。</translation>
    </message>
    <message>
        <source>Delete the {0} customers this import created and put back the old values of the {1} it updated?</source>
        <translation>删除本次导入新建的 {0} 个客户，并恢复被更新的 {1} 个客户的原值？</translation>
    </message>
    <message>
        <source>The import was undone: {0} customers deleted, {1} restored.</source>
        <translation>已撤销导入：删除 {0} 个客户，恢复 {1} 个。</translation>
    </message>
    <message>
        <source>Undoing the import...</source>
        <translation>正在撤销导入…</translation>
    </message>
</context>
<context>
    <name>Dunning</name>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Printed letter</source>
        <translation>纸质催款函</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
</context>
<context>
    <name>DunningDialog</name>
    <message>
        <source>Payment reminders</source>
        <translation>催款提醒</translation>
    </message>
    <message>
        <source>To remind on {0}</source>
        <translation>{0} 待催款客户</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>(pool)</source>
        <translation>（公海）</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>催款阶段</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Amount overdue</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Last reminded</source>
        <translation>上次催款</translation>
    </message>
    <message>
        <source>Mark reminded...</source>
        <translation>标记已催款...</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>A customer is listed once per reminder stage (days overdue of the oldest bill); printing reminder letters comes later.</source>
        <translation>每个催款阶段（按最早逾期账单的逾期天数）每位客户只列出一次；催款函打印功能将在后续版本提供。</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>{0} customers</source>
        <translation>{0} 位客户</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Duplicate plan</source>
        <translation>复制套餐</translation>
    </message>
    <message>
        <source>{0} (copy)</source>
        <translation>{0}（副本）</translation>
    </message>
    <message>
        <source>New code *</source>
        <translation>新编码 *</translation>
    </message>
    <message>
        <source>New name *</source>
        <translation>新名称 *</translation>
    </message>
    <message>
        <source>The copy starts as draft version 1 of a new plan, from the latest version of this one.</source>
        <translation>副本从本套餐最新版本开始，作为新套餐的草稿版本1。</translation>
    </message>
</context>
<context>
    <name>EffectiveAccess</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>no roles: no access</source>
        <translation>未分配角色：无任何权限</translation>
    </message>
    <message>
        <source>Roles: {0}. Where roles differ, the most permissive wins.</source>
        <translation>角色：{0}。多个角色权限不同时，以最宽的为准。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Something went wrong and the action was not completed. Nothing was saved.</source>
        <translation>出现了意外错误，操作未完成，所有修改均未保存。</translation>
    </message>
    <message>
        <source>Benji CRM</source>
        <translation>本机CRM</translation>
    </message>
    <message>
        <source>Details were written to the log file:
{path}</source>
        <translation>详细信息已写入日志文件：
{path}</translation>
    </message>
</context>
<context>
    <name>FieldDialog</name>
    <message>
        <source>New custom field</source>
        <translation>新建自定义字段</translation>
    </message>
    <message>
        <source>Custom field</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>e.g. 客户等级</source>
        <translation>例如 客户等级</translation>
    </message>
    <message>
        <source>made from the label if empty, e.g. khdj</source>
        <translation>留空则由名称生成，例如 khdj</translation>
    </message>
    <message>
        <source>One choice per line, e.g.
A级
B级
C级</source>
        <translation>每行一个选项，例如
A级
B级
C级</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Show as a column in the customer list</source>
        <translation>在客户列表中显示为一列</translation>
    </message>
    <message>
        <source>Fields are shown in the order of this number.</source>
        <translation>字段按此数字顺序显示。</translation>
    </message>
    <message>
        <source>Label *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键名</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>顺序</translation>
    </message>
</context>
<context>
    <name>FigureCard</name>
    <message>
        <source>Click to open the list behind this figure</source>
        <translation>单击打开此数据对应的列表</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>CSV (UTF-8, GBK or UTF-16, as Excel saves it) or an Excel workbook (.xlsx) with a header row.</source>
        <translation>CSV（UTF-8、GBK 或 UTF-16，Excel 另存的格式均可）或 Excel 工作簿（.xlsx），第一行为表头。</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Import customers</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <source>Customer lists (*.csv *.xlsx)</source>
        <translation>客户清单 (*.csv *.xlsx)</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截止日</translation>
    </message>
    <message>
        <source>The day the receivables are counted on; unticked: today</source>
        <translation>按哪一天统计应收账款；不勾选即为今天</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>全部负责人</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>会员级别</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>All plans</source>
        <translation>全部套餐</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>All products</source>
        <translation>全部产品</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>FixedForm</name>
    <message>
        <source>Price per period *</source>
        <translation>每期价格 *</translation>
    </message>
    <message>
        <source>Price per seat *</source>
        <translation>每用户价格 *</translation>
    </message>
    <message>
        <source>Price of the module *</source>
        <translation>模块价格 *</translation>
    </message>
    <message>
        <source>Price of the bundle *</source>
        <translation>套装价格 *</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>周期单位</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>每</translation>
    </message>
    <message>
        <source>module codes, comma separated, e.g. crm, billing</source>
        <translation>模块编码，逗号分隔，如 crm, billing</translation>
    </message>
    <message>
        <source>Modules in the bundle *</source>
        <translation>套装包含模块 *</translation>
    </message>
</context>
<context>
    <name>FollowUpsTab</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>By</source>
        <translation>跟进人</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Next contact</source>
        <translation>下次联系</translation>
    </message>
    <message>
        <source>What was discussed</source>
        <translation>沟通内容</translation>
    </message>
    <message>
        <source>Add follow-up</source>
        <translation>添加跟进</translation>
    </message>
</context>
<context>
    <name>GradingDialog</name>
    <message>
        <source>Customer value grading</source>
        <translation>客户价值评级设置</translation>
    </message>
    <message>
        <source>Each customer scores 1 to 5 points on recency (days since the last payment, or the last bill when never paid), frequency (bills in the last 12 months) and monetary value (billed in the last 12 months). The total (3 to 15) gives the grade, and the grade suggests a membership tier.</source>
        <translation>每个客户按最近交易（距最近一次收款的天数，从未收款则按最近一张账单）、频次（最近12个月的账单数）和金额（最近12个月的开票金额）各得1至5分。总分（3至15分）决定等级，等级对应建议的会员级别。</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>{0} points</source>
        <translation>{0}分</translation>
    </message>
    <message>
        <source>Recency: last transaction within ... days</source>
        <translation>最近交易：不超过…天</translation>
    </message>
    <message>
        <source>Frequency: at least ... bills in 12 months</source>
        <translation>频次：12个月内至少…张账单</translation>
    </message>
    <message>
        <source>Monetary: billed at least ¥... in 12 months</source>
        <translation>金额：12个月内开票至少¥…</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>from a total score of</source>
        <translation>总分不低于</translation>
    </message>
    <message>
        <source>below the least score of C</source>
        <translation>总分低于C级的最低分</translation>
    </message>
    <message>
        <source>suggests tier</source>
        <translation>建议级别</translation>
    </message>
    <message>
        <source>Grade {0}</source>
        <translation>{0}级</translation>
    </message>
    <message>
        <source>Grades and suggested tiers</source>
        <translation>等级与建议级别</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of {0}</source>
        <translation>{0} 的变更历史</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Compute the figures again (F5)</source>
        <translation>重新计算各项数据（F5）</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Click a customer to open it</source>
        <translation>单击客户即可打开</translation>
    </message>
    <message>
        <source>Welcome, {0}</source>
        <translation>欢迎，{0}</translation>
    </message>
    <message>
        <source>Schema {0} · Benji CRM {1}</source>
        <translation>数据库结构 {0} · 本机CRM {1}</translation>
    </message>
    <message>
        <source>Computing the figures...</source>
        <translation>正在计算数据…</translation>
    </message>
    <message>
        <source>The figures could not be computed: {0}</source>
        <translation>数据未能计算：{0}</translation>
    </message>
    <message>
        <source>Click to open the report behind this chart</source>
        <translation>单击打开此图表对应的报表</translation>
    </message>
    <message>
        <source>Figures as of {0}</source>
        <translation>数据截至 {0}</translation>
    </message>
    <message>
        <source>No revenue in this period yet.</source>
        <translation>本期间尚无收入。</translation>
    </message>
    <message>
        <source>You cannot open the list behind this figure.</source>
        <translation>您无权打开此数据对应的列表。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Membership tier</source>
        <translation>会员级别</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Owner (login name)</source>
        <translation>负责人（登录名）</translation>
    </message>
    <message>
        <source>Created on</source>
        <translation>创建日期</translation>
    </message>
    <message>
        <source>Import customers</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Benji CRM is locked</source>
        <translation>本机CRM 已锁定</translation>
    </message>
    <message>
        <source>Locked after a period without activity</source>
        <translation>长时间未操作，已自动锁定</translation>
    </message>
    <message>
        <source>{0}, enter your password to continue. Your unsaved input is kept.</source>
        <translation>{0}，请输入密码继续。未保存的内容都还在。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in - Benji CRM</source>
        <translation>登录 - 本机CRM</translation>
    </message>
    <message>
        <source>Benji CRM</source>
        <translation>本机CRM</translation>
    </message>
    <message>
        <source>Opening the database...</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Database password</source>
        <translation>数据库密码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Database settings...</source>
        <translation>数据库设置…</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>无法打开数据库。</translation>
    </message>
    <message>
        <source>This computer has no secure password store, so the password is kept for this session only and asked for at each start.</source>
        <translation>本机没有安全的密码存储，密码只在本次运行期间保留，每次启动时需要重新输入。</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Benji CRM - {0}</source>
        <translation>本机CRM - {0}</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司信息</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断信息</translation>
    </message>
    <message>
        <source>Follow-ups due</source>
        <translation>待跟进提醒</translation>
    </message>
    <message>
        <source>You have {0} follow-ups due:</source>
        <translation>您有 {0} 条跟进已到期：</translation>
    </message>
    <message>
        <source>{0} (Ctrl+{1})</source>
        <translation>{0}（Ctrl+{1}）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Change my &amp;password...</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Benji CRM</source>
        <translation>关于本机CRM(&amp;A)</translation>
    </message>
    <message>
        <source>Database in use</source>
        <translation>当前使用的数据库</translation>
    </message>
    <message>
        <source>no role</source>
        <translation>无角色</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Saved. Restart Benji CRM to use the new settings.</source>
        <translation>已保存。重新启动本机CRM 后新设置生效。</translation>
    </message>
    <message>
        <source>Benji CRM</source>
        <translation>本机CRM</translation>
    </message>
    <message>
        <source>The company details have unsaved changes. Close anyway?</source>
        <translation>公司信息有未保存的修改，仍要关闭吗？</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Match the columns</source>
        <translation>对应列</translation>
    </message>
    <message>
        <source>Columns with familiar headers are matched already. Check them and choose how existing customers are recognised.</source>
        <translation>常见表头已自动对应。请核对，并选择识别已有客户的方式。</translation>
    </message>
    <message>
        <source>Save preset...</source>
        <translation>保存方案…</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除方案</translation>
    </message>
    <message>
        <source>Create new customers only</source>
        <translation>只新建客户</translation>
    </message>
    <message>
        <source>Update existing customers only</source>
        <translation>只更新已有客户</translation>
    </message>
    <message>
        <source>Create new and update existing</source>
        <translation>新建并更新已有客户</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>映射方案</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>导入方式</translation>
    </message>
    <message>
        <source>Recognise existing customers by</source>
        <translation>识别已有客户的依据</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>(no preset)</source>
        <translation>（无方案）</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <source>Save this column mapping as:</source>
        <translation>将此列映射保存为：</translation>
    </message>
    <message>
        <source>Delete the preset &quot;{0}&quot;?</source>
        <translation>删除方案“{0}”？</translation>
    </message>
</context>
<context>
    <name>MarkRemindedDialog</name>
    <message>
        <source>Mark reminded</source>
        <translation>标记已催款</translation>
    </message>
    <message>
        <source>{0}: {1} overdue on {2} bills, {3} days (stage {4}).</source>
        <translation>{0}：{2} 张账单逾期共 {1}，已逾期 {3} 天（{4}阶段）。</translation>
    </message>
    <message>
        <source>e.g. spoke to the finance manager, payment promised by Friday</source>
        <translation>例如：已联系财务经理，承诺周五前付款</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Payment reminder ({0} overdue), by {1}.</source>
        <translation>催款提醒（逾期 {0}），方式：{1}。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Company name</source>
        <translation>公司名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>开户银行</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>银行账号</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Parent department</source>
        <translation>上级部门</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>直属上级</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <source>Invoice title</source>
        <translation>开票抬头</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送金额</translation>
    </message>
    <message>
        <source>Low-balance threshold</source>
        <translation>余额提醒线</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>核销分配</translation>
    </message>
    <message>
        <source>Date received</source>
        <translation>收款日期</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>收款方式</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>交易流水号</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Recency thresholds (days)</source>
        <translation>最近交易阈值（天）</translation>
    </message>
    <message>
        <source>Frequency thresholds (bills in 12 months)</source>
        <translation>频次阈值（12 个月账单数）</translation>
    </message>
    <message>
        <source>Monetary thresholds (yuan billed in 12 months)</source>
        <translation>金额阈值（12 个月开票金额，元）</translation>
    </message>
    <message>
        <source>Grade scores</source>
        <translation>等级分数</translation>
    </message>
    <message>
        <source>Suggested tiers</source>
        <translation>建议会员级别</translation>
    </message>
    <message>
        <source>Customer value settings</source>
        <translation>客户价值评估设置</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Back up every (hours)</source>
        <translation>备份间隔（小时）</translation>
    </message>
    <message>
        <source>Daily backups kept</source>
        <translation>保留每日备份（份）</translation>
    </message>
    <message>
        <source>Weekly backups kept</source>
        <translation>保留每周备份（份）</translation>
    </message>
    <message>
        <source>Monthly backups kept</source>
        <translation>保留每月备份（份）</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>备份口令</translation>
    </message>
    <message>
        <source>The database server {host}:{port} does not answer. Check that the server is running and that this computer can reach it on the office network, then try again.</source>
        <translation>数据库服务器 {host}:{port} 没有响应。请确认服务器已启动、本机能通过局域网访问它，然后重试。</translation>
    </message>
    <message>
        <source>The database server refused the password for user &quot;{user}&quot;. Enter the correct password (ask your IT administrator if you do not know it).</source>
        <translation>数据库服务器拒绝了用户“{user}”的密码。请输入正确的密码（如不清楚，请联系 IT 管理员）。</translation>
    </message>
    <message>
        <source>The database &quot;{database}&quot; does not exist on that server. Check its name, or ask your IT administrator to create it (see the admin guide).</source>
        <translation>服务器上不存在数据库“{database}”。请检查名称，或请 IT 管理员创建该数据库（见管理员手册）。</translation>
    </message>
    <message>
        <source>The database file {path} is on a network drive. A shared database file gets corrupted when several computers use it; choose a folder on this computer, or use server mode (PostgreSQL or MariaDB) to share data on the office network.</source>
        <translation>数据库文件 {path} 位于网络驱动器上。多台电脑同时使用共享的数据库文件会导致数据损坏；请选择本机上的文件夹，或改用服务器模式（PostgreSQL 或 MariaDB）在局域网内共享数据。</translation>
    </message>
    <message>
        <source>Enter the password for the database server ({profile}).</source>
        <translation>请输入数据库服务器（{profile}）的密码。</translation>
    </message>
    <message>
        <source>This database was upgraded by a newer version of Benji CRM (schema {revision}). Install the newer version on this computer to open it.</source>
        <translation>该数据库已被更新版本的本机CRM 升级（数据结构版本 {revision}）。请在本机安装新版本后再打开。</translation>
    </message>
    <message>
        <source>The database {database} already contains tables of another program. Choose an empty database or one created by Benji CRM.</source>
        <translation>数据库 {database} 中已有其他程序的数据表。请选择一个空数据库或由本机CRM 创建的数据库。</translation>
    </message>
    <message>
        <source>The file {path} is not a Benji CRM database or it is damaged. Choose another file or restore a backup.</source>
        <translation>文件 {path} 不是本机CRM 数据库，或已损坏。请选择其他文件，或从备份恢复。</translation>
    </message>
    <message>
        <source>The MariaDB database &quot;{database}&quot; uses the character set {charset}; Benji CRM needs utf8mb4 to store Chinese text. Ask your IT administrator to convert it (see the admin guide).</source>
        <translation>MariaDB 数据库“{database}”使用的字符集是 {charset}，本机CRM 需要 utf8mb4 才能保存中文。请 IT 管理员进行转换（见管理员手册）。</translation>
    </message>
    <message>
        <source>The database user &quot;{user}&quot; is not allowed to use the Benji CRM tables in &quot;{database}&quot;. Ask your IT administrator to run `server install` as the database owner, which grants the app user its rights (see the admin guide, LAN server set-up).</source>
        <translation>数据库用户“{user}”无权使用“{database}”中的本机CRM数据表。请联系 IT 管理员以数据库所有者身份运行 `server install`，为应用用户授予所需权限（见管理员指南“局域网服务器设置”）。</translation>
    </message>
    <message>
        <source>The database server {host}:{port} does not offer an encrypted connection (TLS), and this computer requires one. Ask your IT administrator to switch TLS on at the server (see the admin guide), or clear &quot;Require an encrypted connection&quot; if the office network is trusted.</source>
        <translation>数据库服务器 {host}:{port} 不提供加密连接（TLS），而本机要求加密连接。请联系 IT 管理员在服务器上启用 TLS（见管理员指南），如办公网络可信，也可取消勾选“要求加密连接”。</translation>
    </message>
    <message>
        <source>The database &quot;{database}&quot; must be created or upgraded for this version of Benji CRM, and the user &quot;{user}&quot; is not allowed to change its tables. Ask your IT administrator to run `server install` as the database owner on the server (see the admin guide), then start again.</source>
        <translation>数据库“{database}”需要为此版本的本机CRM创建或升级，而用户“{user}”无权修改其数据表。请联系 IT 管理员在服务器上以数据库所有者身份运行 `server install`（见管理员指南），然后重新启动。</translation>
    </message>
    <message>
        <source>The database could not be opened: {reason}</source>
        <translation>无法打开数据库：{reason}</translation>
    </message>
    <message>
        <source>{by} changed this record at {at} while you were editing it. Reload to see their changes, then make yours again.</source>
        <translation>在您编辑期间，{by} 于 {at} 修改了这条记录。请重新加载查看对方的修改，再重新录入您的修改。</translation>
    </message>
    <message>
        <source>You are not allowed to do this. Ask an administrator for access.</source>
        <translation>您没有执行此操作的权限，请联系管理员开通。</translation>
    </message>
    <message>
        <source>The login name or the password is wrong, or the account is disabled.</source>
        <translation>登录名或密码错误，或账号已停用。</translation>
    </message>
    <message>
        <source>This database has already been set up. Log in with your account.</source>
        <translation>该数据库已完成初始化，请用您的账号登录。</translation>
    </message>
    <message>
        <source>This database has not been set up yet. Restart Benji CRM to run the setup.</source>
        <translation>该数据库尚未初始化。请重新启动本机CRM 进行初始设置。</translation>
    </message>
    <message>
        <source>Enter the company name.</source>
        <translation>请填写公司名称。</translation>
    </message>
    <message>
        <source>The unified social credit code is not valid: it has 18 characters and its last one is a check digit. Check for a typing error.</source>
        <translation>统一社会信用代码无效：代码共 18 位，最后一位是校验码。请检查是否输错。</translation>
    </message>
    <message>
        <source>A bank account number has digits only (spaces allowed).</source>
        <translation>银行账号只能包含数字（可以有空格）。</translation>
    </message>
    <message>
        <source>Enter a mainland mobile number (11 digits) or a landline with its area code, e.g. 010-88886666.</source>
        <translation>请输入 11 位手机号码，或带区号的固定电话，例如 010-88886666。</translation>
    </message>
    <message>
        <source>A login name has 2 to 60 letters, digits or the characters . _ @ - and no spaces.</source>
        <translation>登录名由 2 至 60 个字母、数字或 . _ @ - 组成，不能有空格。</translation>
    </message>
    <message>
        <source>The password needs at least {minimum} characters.</source>
        <translation>密码至少需要 {minimum} 个字符。</translation>
    </message>
    <message>
        <source>The password may have at most {maximum} characters.</source>
        <translation>密码最多 {maximum} 个字符。</translation>
    </message>
    <message>
        <source>The password must not be the same as the login name.</source>
        <translation>密码不能与登录名相同。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked for {minutes} more minutes. Wait, or ask an administrator to unlock it.</source>
        <translation>密码错误次数过多，该账号已锁定，{minutes} 分钟后自动解锁；也可以请管理员立即解锁。</translation>
    </message>
    <message>
        <source>The record no longer exists (someone may have deleted it). Reload the list.</source>
        <translation>该记录已不存在（可能已被他人删除），请刷新列表。</translation>
    </message>
    <message>
        <source>Enter an e-mail address such as name@example.com.</source>
        <translation>请输入电子邮箱地址，例如 name@example.com。</translation>
    </message>
    <message>
        <source>This login name is already used by another account.</source>
        <translation>该登录名已被其他账号使用。</translation>
    </message>
    <message>
        <source>A user cannot be their own supervisor.</source>
        <translation>用户不能是自己的直属上级。</translation>
    </message>
    <message>
        <source>This would leave no active administrator. Give another active user the Administrator role first.</source>
        <translation>这样操作后将没有可用的管理员。请先把管理员角色授予另一位在用的用户。</translation>
    </message>
    <message>
        <source>Enter a name for the role.</source>
        <translation>请填写角色名称。</translation>
    </message>
    <message>
        <source>A role with this name already exists.</source>
        <translation>已存在同名角色。</translation>
    </message>
    <message>
        <source>Built-in roles cannot be changed. Copy the role and change the copy.</source>
        <translation>内置角色不能修改。请复制该角色，再修改副本。</translation>
    </message>
    <message>
        <source>Users still hold this role. Take it away from them before deleting it.</source>
        <translation>仍有用户拥有该角色，请先取消他们的该角色再删除。</translation>
    </message>
    <message>
        <source>Enter a name for the department.</source>
        <translation>请填写部门名称。</translation>
    </message>
    <message>
        <source>A department cannot be placed below itself.</source>
        <translation>部门不能放在自己的下级部门之下。</translation>
    </message>
    <message>
        <source>The department still has users or sub-departments. Move them first.</source>
        <translation>该部门下仍有用户或下级部门，请先将其移走。</translation>
    </message>
    <message>
        <source>That is not your password. This action needs your own password to confirm it.</source>
        <translation>密码不正确。此操作需要输入您本人的登录密码进行确认。</translation>
    </message>
    <message>
        <source>Choose a new password that differs from the current one.</source>
        <translation>新密码不能与当前密码相同。</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>请填写客户名称。</translation>
    </message>
    <message>
        <source>Choose whether the customer is a company or a person.</source>
        <translation>请选择客户类型：企业或个人。</translation>
    </message>
    <message>
        <source>Choose one of the listed statuses.</source>
        <translation>请从列表中选择状态。</translation>
    </message>
    <message>
        <source>This customer already exists: {number} {name}. Open it instead of creating a second one.</source>
        <translation>客户已存在：{number} {name}。请直接打开该客户，不要重复创建。</translation>
    </message>
    <message>
        <source>This customer already exists and belongs to {owner}. Ask them or your manager.</source>
        <translation>客户已存在，归属 {owner}。请与其本人或您的经理联系。</translation>
    </message>
    <message>
        <source>This customer already exists in the customer pool. Claim it there.</source>
        <translation>客户已存在于公海中，请到公海领取。</translation>
    </message>
    <message>
        <source>{owner} has just claimed this customer.</source>
        <translation>该客户刚刚已被 {owner} 领取。</translation>
    </message>
    <message>
        <source>You already hold {limit} customers, the most allowed. Return some to the pool first.</source>
        <translation>您持有的客户已达上限 {limit} 个，请先退回部分客户到公海。</translation>
    </message>
    <message>
        <source>This customer is already in the pool.</source>
        <translation>该客户已在公海中。</translation>
    </message>
    <message>
        <source>Enter the contact&apos;s name.</source>
        <translation>请填写联系人姓名。</translation>
    </message>
    <message>
        <source>Choose visit, call, message or meeting.</source>
        <translation>请选择拜访、电话、消息或会议。</translation>
    </message>
    <message>
        <source>Write what was discussed.</source>
        <translation>请填写跟进内容。</translation>
    </message>
    <message>
        <source>The next contact time must be in the future.</source>
        <translation>下次联系时间必须晚于现在。</translation>
    </message>
    <message>
        <source>Choose how to import (create, update or both) and which column identifies a customer.</source>
        <translation>请选择导入方式（新建、更新或两者）以及用哪一列识别客户。</translation>
    </message>
    <message>
        <source>The same customer appears twice in the file (also on row {other_row}).</source>
        <translation>文件中同一客户出现了两次（另见第 {other_row} 行）。</translation>
    </message>
    <message>
        <source>No user has the login name {login}.</source>
        <translation>没有登录名为 {login} 的用户。</translation>
    </message>
    <message>
        <source>Not a date: write it as 2024-03-15.</source>
        <translation>不是有效日期，请写成 2024-03-15 的格式。</translation>
    </message>
    <message>
        <source>This customer exists but is not among yours.</source>
        <translation>该客户已存在，但不在您的负责范围内。</translation>
    </message>
    <message>
        <source>No existing customer matches this row.</source>
        <translation>没有与该行对应的已有客户。</translation>
    </message>
    <message>
        <source>This customer exists already. Choose a mode that updates existing customers.</source>
        <translation>该客户已存在。如需更新，请选择包含“更新已有客户”的导入方式。</translation>
    </message>
    <message>
        <source>This import can no longer be undone: {count} of its customers were changed since (edited, or given contacts or follow-ups), e.g. {codes}. Undoing it would lose that work; correct the customers by hand instead.</source>
        <translation>本次导入已无法撤销：其中 {count} 个客户在导入后已被修改（编辑过，或添加了联系人、跟进记录），例如 {codes}。撤销会丢失这些工作，请手工更正这些客户。</translation>
    </message>
    <message>
        <source>This import has already been undone.</source>
        <translation>本次导入已经撤销过了。</translation>
    </message>
    <message>
        <source>Enter a name to save it under.</source>
        <translation>请输入保存的名称。</translation>
    </message>
    <message>
        <source>The name may have at most {maximum} characters.</source>
        <translation>名称最多 {maximum} 个字符。</translation>
    </message>
    <message>
        <source>This kind of saved view does not exist ({kind}).</source>
        <translation>不存在这种保存项（{kind}）。</translation>
    </message>
    <message>
        <source>Saved views and presets belong to a user. Log in to the app to save one.</source>
        <translation>保存的筛选和方案属于某个用户。请登录程序后再保存。</translation>
    </message>
    <message>
        <source>Nothing is saved under the name &quot;{name}&quot;.</source>
        <translation>没有名为“{name}”的保存项。</translation>
    </message>
    <message>
        <source>Several users saved one named &quot;{name}&quot; ({logins}). Say whose to use.</source>
        <translation>有多个用户保存了名为“{name}”的项（{logins}），请指明使用谁的。</translation>
    </message>
    <message>
        <source>Choose two different customers to merge.</source>
        <translation>请选择两个不同的客户进行合并。</translation>
    </message>
    <message>
        <source>{field_label} may have at most {maximum} characters.</source>
        <translation>{field_label}最多 {maximum} 个字符。</translation>
    </message>
    <message>
        <source>Enter a label for the field.</source>
        <translation>请输入字段名称。</translation>
    </message>
    <message>
        <source>A field labelled &quot;{label}&quot; already exists (it may be deactivated). Reactivate it or choose another label.</source>
        <translation>名为“{label}”的字段已存在（可能已停用）。请重新启用它，或换一个名称。</translation>
    </message>
    <message>
        <source>Choose text, number, date or choice as the type.</source>
        <translation>请选择类型：文本、数字、日期或选项。</translation>
    </message>
    <message>
        <source>The type of a field cannot be changed. Deactivate it and add a new field instead.</source>
        <translation>字段类型不能修改。请停用该字段，再添加一个新字段。</translation>
    </message>
    <message>
        <source>A key starts with a lower-case letter and has at most 40 lower-case letters, digits or underscores, e.g. contract_value. Leave it empty to have one made from the label.</source>
        <translation>键名以小写字母开头，最多 40 个小写字母、数字或下划线，例如 contract_value。留空则由名称自动生成。</translation>
    </message>
    <message>
        <source>The key &quot;{key}&quot; is the name of a built-in customer field. Choose another key.</source>
        <translation>键名“{key}”是客户的内置字段名，请换一个。</translation>
    </message>
    <message>
        <source>Another field already has the key &quot;{key}&quot;. Choose another key.</source>
        <translation>已有字段使用键名“{key}”，请换一个。</translation>
    </message>
    <message>
        <source>The key of a field cannot be changed.</source>
        <translation>字段的键名不能修改。</translation>
    </message>
    <message>
        <source>The position is a number from 0 to 9999.</source>
        <translation>顺序须为 0 到 9999 之间的数字。</translation>
    </message>
    <message>
        <source>A choice field needs at least one choice. Write one choice per line.</source>
        <translation>选项字段至少需要一个选项，每行写一个。</translation>
    </message>
    <message>
        <source>A choice field may have at most {maximum} choices.</source>
        <translation>选项字段最多 {maximum} 个选项。</translation>
    </message>
    <message>
        <source>The choice &quot;{choice}&quot; is listed twice.</source>
        <translation>选项“{choice}”重复了。</translation>
    </message>
    <message>
        <source>Fill in {label}: it is required.</source>
        <translation>请填写{label}：此项必填。</translation>
    </message>
    <message>
        <source>{label} must be a number, e.g. 1234.50.</source>
        <translation>{label}必须是数字，例如 1234.50。</translation>
    </message>
    <message>
        <source>{label} may have at most {digits} digits before the decimal point and {decimals} after it.</source>
        <translation>{label}整数部分最多 {digits} 位，小数部分最多 {decimals} 位。</translation>
    </message>
    <message>
        <source>{label} must be a date, e.g. 2026-01-05.</source>
        <translation>{label}必须是日期，例如 2026-01-05。</translation>
    </message>
    <message>
        <source>{label} must be one of: {choices}.</source>
        <translation>{label}只能是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>{label} may have at most {maximum} characters.</source>
        <translation>{label}最多 {maximum} 个字符。</translation>
    </message>
    <message>
        <source>{name} has {count} subscription(s), so it cannot be deleted: its history must stay. Set its status to closed instead, or merge it into another customer.</source>
        <translation>{name} 有 {count} 个订阅，不能删除：其历史必须保留。请将其状态设为“已关闭”，或将其合并到另一个客户。</translation>
    </message>
    <message>
        <source>Choose the plan to subscribe to.</source>
        <translation>请选择要订阅的套餐。</translation>
    </message>
    <message>
        <source>Choose how periods are counted: from the 1st of the month (calendar) or from the start day (anniversary).</source>
        <translation>请选择计费周期的起算方式：按自然月（每月1日）或按订阅日（周年）。</translation>
    </message>
    <message>
        <source>Only a published plan version can be subscribed to. Publish the plan first, or choose another plan.</source>
        <translation>只能订阅已发布的套餐版本。请先发布该套餐，或选择其他套餐。</translation>
    </message>
    <message>
        <source>This plan charges per seat: enter at least 1 seat.</source>
        <translation>该套餐按用户数计费：请至少输入 1 个用户。</translation>
    </message>
    <message>
        <source>The plan has no module &quot;{module}&quot;. Switch on only modules the plan offers.</source>
        <translation>该套餐没有模块“{module}”。只能开通套餐提供的模块。</translation>
    </message>
    <message>
        <source>Subscription {subscription} has nothing to bill for that period: it is paused, cancelled or ended.</source>
        <translation>订阅 {subscription} 在该期间没有可计费的内容：已暂停、已取消或已结束。</translation>
    </message>
    <message>
        <source>Subscription {subscription} cannot be changed this way while its status is {status}.</source>
        <translation>订阅 {subscription} 当前状态为 {status}，不能进行此项变更。</translation>
    </message>
    <message>
        <source>The new plan is billed in other periods (e.g. yearly instead of monthly). Cancel subscription {subscription} at the end of its period and subscribe to the new plan instead.</source>
        <translation>新套餐的计费周期不同（例如按年而不是按月）。请在本期结束时取消订阅 {subscription}，再订阅新套餐。</translation>
    </message>
    <message>
        <source>Subscription {subscription} is already on this plan version. Choose another one.</source>
        <translation>订阅 {subscription} 已在此套餐版本上。请选择其他版本。</translation>
    </message>
    <message>
        <source>This subscription is already billed up to {billed_until}, so a change can take effect on {earliest} at the earliest. Choose that day or later, and correct earlier bills with a credit note.</source>
        <translation>此订阅已计费至 {billed_until}，变更最早只能自 {earliest} 起生效。请选择该日或之后的日期；更早的账单请用冲销单更正。</translation>
    </message>
    <message>
        <source>A change cannot take effect before the start or an earlier change. Choose {earliest} or later.</source>
        <translation>变更不能早于订阅开始日或上一次变更。请选择 {earliest} 或之后的日期。</translation>
    </message>
    <message>
        <source>The action could not be completed ({code}).</source>
        <translation>操作未能完成（{code}）。</translation>
    </message>
    <message>
        <source>The plan has a problem at {path}: {problem}</source>
        <translation>套餐在 {path} 处有问题：{problem}</translation>
    </message>
    <message>
        <source>The calculator cannot price this ({path}): {problem}</source>
        <translation>价格试算无法计算此项（{path}）：{problem}</translation>
    </message>
    <message>
        <source>The coupon&apos;s discount has a problem at {path}: {problem}</source>
        <translation>优惠券的折扣在 {path} 处有问题：{problem}</translation>
    </message>
    <message>
        <source>The catalog file was not imported and nothing was saved. At {path}: {problem}</source>
        <translation>产品目录文件未导入，未保存任何内容。位置 {path}：{problem}</translation>
    </message>
    <message>
        <source>A code has 1 to 40 letters, digits or the characters . _ - and no spaces, e.g. voice-01.</source>
        <translation>编码由 1 至 40 个字母、数字或字符 . _ - 组成，不含空格，如 voice-01。</translation>
    </message>
    <message>
        <source>The code &quot;{taken}&quot; is already used. Choose another code.</source>
        <translation>编码“{taken}”已被使用，请换一个编码。</translation>
    </message>
    <message>
        <source>Enter a name.</source>
        <translation>请输入名称。</translation>
    </message>
    <message>
        <source>This text may have at most {maximum} characters.</source>
        <translation>此文本最多 {maximum} 个字符。</translation>
    </message>
    <message>
        <source>The code of a product cannot be changed, because plans refer to it. Deactivate the product and add a new one instead.</source>
        <translation>产品编码不可修改，因为已有套餐引用它。请停用该产品，另行新增产品。</translation>
    </message>
    <message>
        <source>Enter the tax rate as a fraction such as 0.06 (6 %) or 0.13: from 0 up to 1 (not included), at most 4 decimals; or &quot;exempt&quot; (免税).</source>
        <translation>请以小数输入税率，如 0.06（6 %）或 0.13：大于等于 0 且小于 1，最多 4 位小数；或填写“exempt”（免税）。</translation>
    </message>
    <message>
        <source>The code of a coupon cannot be changed. Deactivate it and add a new coupon instead.</source>
        <translation>优惠券编码不可修改。请停用该优惠券，另行新增优惠券。</translation>
    </message>
    <message>
        <source>No active coupon has the code &quot;{coupon}&quot;.</source>
        <translation>不存在编码为“{coupon}”的有效优惠券。</translation>
    </message>
    <message>
        <source>This plan is archived. Restore it before changing or publishing it.</source>
        <translation>该套餐已归档。请先恢复，再修改或发布。</translation>
    </message>
    <message>
        <source>This plan has no draft to publish. Edit the plan first: your changes become a new draft.</source>
        <translation>该套餐没有可发布的草稿。请先编辑套餐：所做修改将成为新的草稿。</translation>
    </message>
    <message>
        <source>No product in the catalog has the code &quot;{product}&quot;. Add it under Products, or choose another product.</source>
        <translation>产品目录中没有编码为“{product}”的产品。请在“产品”中添加，或选择其他产品。</translation>
    </message>
    <message>
        <source>The product &quot;{product}&quot; is deactivated. Reactivate it under Products, or choose another product.</source>
        <translation>产品“{product}”已停用。请在“产品”中启用，或选择其他产品。</translation>
    </message>
    <message>
        <source>The period must end after it starts.</source>
        <translation>期间的结束日期必须晚于开始日期。</translation>
    </message>
    <message>
        <source>The file is not valid JSON (line {line}, column {column}). Check the commas and quotes there.</source>
        <translation>文件不是有效的 JSON（第 {line} 行，第 {column} 列）。请检查该处的逗号和引号。</translation>
    </message>
    <message>
        <source>This is not a Benji CRM catalog file: &quot;format&quot; must be &quot;benji-catalog&quot;.</source>
        <translation>这不是本机CRM的产品目录文件：“format”必须为“benji-catalog”。</translation>
    </message>
    <message>
        <source>This catalog file has format version {value}; this Benji CRM reads version 1 only.</source>
        <translation>该产品目录文件的格式版本为 {value}；当前本机CRM仅支持版本 1。</translation>
    </message>
    <message>
        <source>Write a value of type {expected} here.</source>
        <translation>此处应填写 {expected} 类型的值。</translation>
    </message>
    <message>
        <source>This value is missing. Add it.</source>
        <translation>缺少此值，请补充。</translation>
    </message>
    <message>
        <source>This key has no meaning here. Check its spelling, or remove it.</source>
        <translation>此处不应出现该键。请检查拼写，或将其删除。</translation>
    </message>
    <message>
        <source>The code or number &quot;{value}&quot; appears twice in the file.</source>
        <translation>编码或编号“{value}”在文件中出现了两次。</translation>
    </message>
    <message>
        <source>A version&apos;s status is draft, published or retired.</source>
        <translation>版本状态只能是 draft（草稿）、published（已发布）或 retired（已停用）。</translation>
    </message>
    <message>
        <source>A version number is a whole number from 1 up.</source>
        <translation>版本号须为从 1 开始的整数。</translation>
    </message>
    <message>
        <source>Version {number} of plan {plan} is already published here with a different definition. Published versions never change: give the changed version a new number.</source>
        <translation>套餐 {plan} 的版本 {number} 已以不同的定义发布。已发布的版本不可更改：请为修改后的版本使用新版本号。</translation>
    </message>
    <message>
        <source>Plan {plan} would have more than one draft, or a draft that is not its newest version. Keep one draft, with the highest number.</source>
        <translation>套餐 {plan} 将出现多个草稿，或草稿不是最新版本。请只保留一个草稿，且其版本号最高。</translation>
    </message>
    <message>
        <source>This value is required here. Fill it in.</source>
        <translation>此处为必填项，请填写。</translation>
    </message>
    <message>
        <source>This field has no meaning here. Check its spelling, or remove it.</source>
        <translation>此处不应出现该字段。请检查拼写，或将其删除。</translation>
    </message>
    <message>
        <source>Write the number as a decimal text such as &quot;0.10&quot;, not {value}.</source>
        <translation>请用带引号的小数文本表示数字，如“0.10”，而不是 {value}。</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not one of the choices here: {allowed}.</source>
        <translation>“{value}”不在此处的可选值中：{allowed}。</translation>
    </message>
    <message>
        <source>This field does not belong to a {model} charge. Remove it, or choose another kind or model.</source>
        <translation>{model} 收费项没有此字段。请将其删除，或选择其他类型或计价方式。</translation>
    </message>
    <message>
        <source>Write the date as 2025-01-31.</source>
        <translation>日期格式应为 2025-01-31。</translation>
    </message>
    <message>
        <source>Enter a code.</source>
        <translation>请输入编码。</translation>
    </message>
    <message>
        <source>The code &quot;{value}&quot; is used twice. Give each one its own code.</source>
        <translation>编码“{value}”被使用了两次。请为每一项设置不同的编码。</translation>
    </message>
    <message>
        <source>The currency is three capital letters such as CNY, not &quot;{value}&quot;.</source>
        <translation>币种为三个大写字母，如 CNY，而不是“{value}”。</translation>
    </message>
    <message>
        <source>The trial days cannot be negative.</source>
        <translation>试用天数不能为负数。</translation>
    </message>
    <message>
        <source>A version number is 1 or more.</source>
        <translation>版本号须为 1 或以上。</translation>
    </message>
    <message>
        <source>The number of intervals is 1 or more (e.g. 3 × month).</source>
        <translation>周期数须为 1 或以上（如 3 × 月）。</translation>
    </message>
    <message>
        <source>A tax rate is a fraction from 0 up to 1 (not included), e.g. 0.09 for 9 %, not {value}.</source>
        <translation>税率是大于等于 0 且小于 1 的小数，如 9 % 写作 0.09，而不是 {value}。</translation>
    </message>
    <message>
        <source>A tax rate has at most 4 decimals (e.g. 0.09), not {value}.</source>
        <translation>税率最多 4 位小数（如 0.09），而不是 {value}。</translation>
    </message>
    <message>
        <source>A price cannot be negative ({value}).</source>
        <translation>价格不能为负数（{value}）。</translation>
    </message>
    <message>
        <source>A unit price has at most {places} decimals, e.g. 0.0015; {value} has more.</source>
        <translation>单价最多 {places} 位小数，如 0.0015；{value} 超出位数。</translation>
    </message>
    <message>
        <source>An amount cannot be negative ({value}).</source>
        <translation>金额不能为负数（{value}）。</translation>
    </message>
    <message>
        <source>Enter an amount above zero.</source>
        <translation>请输入大于零的金额。</translation>
    </message>
    <message>
        <source>A money amount is in whole fen (at most 2 decimals); {value} has more.</source>
        <translation>金额须精确到分（最多 2 位小数）；{value} 超出位数。</translation>
    </message>
    <message>
        <source>Enter a quantity above zero.</source>
        <translation>请输入大于零的数量。</translation>
    </message>
    <message>
        <source>A quantity has at most {places} decimals; {value} has more.</source>
        <translation>数量最多 {places} 位小数；{value} 超出位数。</translation>
    </message>
    <message>
        <source>Write a percentage as a fraction from 0 to 1 (0.025 = 2.5 %), not {value}.</source>
        <translation>百分比请写成 0 到 1 之间的小数（0.025 = 2.5 %），而不是 {value}。</translation>
    </message>
    <message>
        <source>A rate has at most {places} decimals; {value} has more.</source>
        <translation>费率最多 {places} 位小数；{value} 超出位数。</translation>
    </message>
    <message>
        <source>Add at least one tier (the last one without an upper limit).</source>
        <translation>请至少添加一档阶梯（最后一档不设上限）。</translation>
    </message>
    <message>
        <source>The first tier starts at 0, not {value}.</source>
        <translation>第一档须从 0 开始，而不是 {value}。</translation>
    </message>
    <message>
        <source>This tier must start where the previous one ends: at {expected}, not {value}.</source>
        <translation>此档须从上一档结束处开始：应为 {expected}，而不是 {value}。</translation>
    </message>
    <message>
        <source>The upper limit of this tier ({value}) must be above its start ({start}).</source>
        <translation>此档的上限（{value}）须大于其起点（{start}）。</translation>
    </message>
    <message>
        <source>The last tier has no upper limit: clear it (now {value}), or add a tier after it.</source>
        <translation>最后一档不设上限：请清空上限（当前为 {value}），或在其后添加一档。</translation>
    </message>
    <message>
        <source>Only the last tier may be open-ended: give this tier an upper limit.</source>
        <translation>只有最后一档可以不设上限：请为此档设置上限。</translation>
    </message>
    <message>
        <source>The unit size is above zero (e.g. 60 seconds per minute), not {value}.</source>
        <translation>每计费单位的计量数须大于零（如每分钟 60 秒），而不是 {value}。</translation>
    </message>
    <message>
        <source>The rounding step of each record is above zero (e.g. 60 seconds).</source>
        <translation>单条取整的步长须大于零（如 60 秒）。</translation>
    </message>
    <message>
        <source>The package size is above zero (units per package), not {value}.</source>
        <translation>每包数量须大于零，而不是 {value}。</translation>
    </message>
    <message>
        <source>The maximum fee ({max}) must not be below the minimum fee ({min}).</source>
        <translation>最高费用（{max}）不能低于最低费用（{min}）。</translation>
    </message>
    <message>
        <source>The included allowance cannot be negative ({value}).</source>
        <translation>每期包含量不能为负数（{value}）。</translation>
    </message>
    <message>
        <source>A percentage charge has no included allowance. Set it to 0.</source>
        <translation>按金额比例的收费项没有包含量，请设为 0。</translation>
    </message>
    <message>
        <source>Choose the modules this bundle contains.</source>
        <translation>请选择此套装包含的模块。</translation>
    </message>
    <message>
        <source>The bundle names &quot;{module}&quot;, which is not a module charge of this plan.</source>
        <translation>套装中的“{module}”不是本套餐的功能模块收费项。</translation>
    </message>
    <message>
        <source>The module &quot;{module}&quot; is listed twice in this bundle.</source>
        <translation>模块“{module}”在此套装中重复列出。</translation>
    </message>
    <message>
        <source>The product &quot;{product}&quot; is not among the plan&apos;s products. Choose a product from the catalog.</source>
        <translation>产品“{product}”不在本套餐的产品中。请从产品目录中选择产品。</translation>
    </message>
    <message>
        <source>Two different products carry the code &quot;{product}&quot;. Use one product per code.</source>
        <translation>有两个不同的产品使用编码“{product}”。每个编码只能对应一个产品。</translation>
    </message>
    <message>
        <source>The membership tier &quot;{tier}&quot; has two price lists. Keep one.</source>
        <translation>会员级别“{tier}”有两份会员价表，请只保留一份。</translation>
    </message>
    <message>
        <source>The charge &quot;{charge}&quot; appears twice in this price list.</source>
        <translation>收费项“{charge}”在此会员价表中出现了两次。</translation>
    </message>
    <message>
        <source>The price list names &quot;{charge}&quot;, which is not a charge of this plan.</source>
        <translation>会员价表中的“{charge}”不是本套餐的收费项。</translation>
    </message>
    <message>
        <source>Give either a new unit price or a rate off for this charge, not both and not neither.</source>
        <translation>请为此收费项填写会员单价或折扣率，二者须填且只填其一。</translation>
    </message>
    <message>
        <source>The charge &quot;{charge}&quot; has no single unit price (tiers or a percentage): give a rate off instead.</source>
        <translation>收费项“{charge}”没有单一单价（按阶梯或按比例计价）：请改填折扣率。</translation>
    </message>
    <message>
        <source>A repeating discount needs the number of periods it lasts (1 or more).</source>
        <translation>多周期折扣须填写持续的周期数（1 或以上）。</translation>
    </message>
    <message>
        <source>Only a repeating discount has a number of periods; this one is {duration}.</source>
        <translation>只有多周期折扣才有周期数；此折扣为“{duration}”。</translation>
    </message>
    <message>
        <source>The discount names &quot;{charge}&quot;, which is not a charge of this plan.</source>
        <translation>折扣中的“{charge}”不是本套餐的收费项。</translation>
    </message>
    <message>
        <source>The minimum commitment names &quot;{charge}&quot;, which is not a charge of this plan.</source>
        <translation>最低消费中的“{charge}”不是本套餐的收费项。</translation>
    </message>
    <message>
        <source>The credit expires after 1 or more days; leave it empty for no expiry.</source>
        <translation>充值金额的有效期须为 1 天或以上；留空表示永久有效。</translation>
    </message>
    <message>
        <source>The number of seats cannot be negative.</source>
        <translation>用户数不能为负数。</translation>
    </message>
    <message>
        <source>The plan has no module or bundle &quot;{module}&quot;. Switch it off.</source>
        <translation>本套餐没有模块或模块套装“{module}”，请取消选择。</translation>
    </message>
    <message>
        <source>The plan has no such charge &quot;{charge}&quot;.</source>
        <translation>本套餐没有收费项“{charge}”。</translation>
    </message>
    <message>
        <source>The plan has no top-up package &quot;{top_up}&quot;.</source>
        <translation>本套餐没有充值项“{top_up}”。</translation>
    </message>
    <message>
        <source>The service dates must lie inside the period {period_start} to {period_end}, in order.</source>
        <translation>服务日期须在 {period_start} 至 {period_end} 期间内，且先后顺序正确。</translation>
    </message>
    <message>
        <source>A balance cannot be negative ({value}).</source>
        <translation>余额不能为负数（{value}）。</translation>
    </message>
    <message>
        <source>A quantity cannot be negative ({value}).</source>
        <translation>数量不能为负数（{value}）。</translation>
    </message>
    <message>
        <source>A balance is in whole fen (at most 2 decimals); {value} has more.</source>
        <translation>余额须精确到分（最多 2 位小数）；{value} 超出位数。</translation>
    </message>
    <message>
        <source>A usage record of {day} lies outside the usage period {start} to {end}.</source>
        <translation>{day} 的用量记录不在用量期间 {start} 至 {end} 内。</translation>
    </message>
    <message>
        <source>A usage record&apos;s time needs a time zone ({at}).</source>
        <translation>用量记录的时间须包含时区（{at}）。</translation>
    </message>
    <message>
        <source>The charge &quot;{charge}&quot; has a fee per transaction: give the single transactions, not a total.</source>
        <translation>收费项“{charge}”按笔收取固定费：请逐笔提供交易，而不是合计。</translation>
    </message>
    <message>
        <source>The charge &quot;{charge}&quot; counts unique ids: every usage record needs its id.</source>
        <translation>收费项“{charge}”按去重 ID 计数：每条用量记录都须包含 ID。</translation>
    </message>
    <message>
        <source>The usage file lacks the columns {columns}. See the usage file format in the manual.</source>
        <translation>用量文件缺少以下列：{columns}。请参阅手册中的用量文件格式。</translation>
    </message>
    <message>
        <source>Give the subscription code (or the customer code) of this record.</source>
        <translation>请填写该记录的订阅编号（或客户编号）。</translation>
    </message>
    <message>
        <source>No subscription {subscription} among the customers you may work on.</source>
        <translation>在您可操作的客户中没有订阅 {subscription}。</translation>
    </message>
    <message>
        <source>Customer {customer} has {count} current subscriptions; give the subscription code instead.</source>
        <translation>客户 {customer} 有 {count} 个当前订阅，请改填订阅编号。</translation>
    </message>
    <message>
        <source>Give the meter (e.g. call_seconds) in at most 50 characters.</source>
        <translation>请填写计量项（如 call_seconds），不超过 50 个字符。</translation>
    </message>
    <message>
        <source>The time is not an ISO 8601 time such as 2026-04-30T23:59:59+08:00.</source>
        <translation>时间不是 ISO 8601 格式，例如 2026-04-30T23:59:59+08:00。</translation>
    </message>
    <message>
        <source>The time has no time zone. Add it, e.g. 2026-04-30T23:59:59+08:00.</source>
        <translation>时间缺少时区，请补上，例如 2026-04-30T23:59:59+08:00。</translation>
    </message>
    <message>
        <source>The quantity must be a number of at least 0 with at most 6 decimals, below 1,000,000,000,000.</source>
        <translation>数量必须是不小于 0、最多 6 位小数且小于 1,000,000,000,000 的数字。</translation>
    </message>
    <message>
        <source>Give the record id in at most 100 characters.</source>
        <translation>请填写记录编号，不超过 100 个字符。</translation>
    </message>
    <message>
        <source>The same record id appears twice in the file (also on row {other_row}).</source>
        <translation>文件中同一记录编号出现了两次（另见第 {other_row} 行）。</translation>
    </message>
    <message>
        <source>This record id was imported before with another time or quantity. Give it a new record id.</source>
        <translation>该记录编号以前已导入，但时间或数量不同。请使用新的记录编号。</translation>
    </message>
    <message>
        <source>Someone imported some of these records at the same time. Nothing was saved; import the file again.</source>
        <translation>有人同时导入了其中部分记录。未保存任何内容，请重新导入该文件。</translation>
    </message>
    <message>
        <source>{holder} on {desktop} is running a bill run (since {since}). Wait until it finishes.</source>
        <translation>{holder} 正在 {desktop} 上执行账单批处理（开始于 {since}），请等它完成后再试。</translation>
    </message>
    <message>
        <source>Another desktop took this bill run over: it showed no sign of life for {minutes} minutes. The bills made so far are kept; run it again when the other run has finished.</source>
        <translation>另一台电脑已接管本次账单批处理：它已有 {minutes} 分钟没有动静。已生成的账单会保留；请等另一次批处理完成后再运行一次。</translation>
    </message>
    <message>
        <source>Subscriptions or usage of this bill run kept changing on another desktop while it ran. The bills made so far are kept; run it again when the other work is done.</source>
        <translation>本次账单批处理运行期间，其他电脑上一直在修改这些订阅或用量。已生成的账单会保留；请等其他工作完成后再运行一次。</translation>
    </message>
    <message>
        <source>Bill {bill} is no longer a draft. An issued bill is corrected with a credit note.</source>
        <translation>账单 {bill} 已不是草稿。已出具的账单请用冲销单更正。</translation>
    </message>
    <message>
        <source>This bill has no lines. Add a line or delete the draft.</source>
        <translation>此账单没有明细行。请添加一行，或删除此草稿。</translation>
    </message>
    <message>
        <source>A later bill of the same subscription exists. Delete that draft first.</source>
        <translation>同一订阅还有更晚的账单，请先删除那张草稿。</translation>
    </message>
    <message>
        <source>The subscription was changed after this draft was made, and the change was worked out against it. Issue the draft instead; corrections go on the next bill.</source>
        <translation>此草稿生成后订阅已有变更，变更的退补已按此草稿计算。请直接出具此草稿，更正将计入下一张账单。</translation>
    </message>
    <message>
        <source>Describe the line in at most 200 characters.</source>
        <translation>请填写明细说明（不超过 200 个字符）。</translation>
    </message>
    <message>
        <source>Give the amount in yuan with at most 2 decimals, e.g. 120.50 or -30.00.</source>
        <translation>请以元为单位填写金额，最多两位小数，例如 120.50 或 -30.00。</translation>
    </message>
    <message>
        <source>Give the tax rate as a fraction between 0 and 1, e.g. 0.06, or choose exempt.</source>
        <translation>请填写 0 到 1 之间的税率，例如 0.06，或选择免税。</translation>
    </message>
    <message>
        <source>Only lines added by hand can be removed. Delete the draft to bill it again.</source>
        <translation>只能删除手工添加的明细行。如需重新计费，请删除此草稿。</translation>
    </message>
    <message>
        <source>Give the reason for voiding the bill.</source>
        <translation>请填写作废账单的原因。</translation>
    </message>
    <message>
        <source>Bill {bill} cannot be voided: only an issued bill with nothing paid can. Issue a credit note instead.</source>
        <translation>账单 {bill} 不能作废：只有尚未收款的已出具账单才能作废。请改开冲销单。</translation>
    </message>
    <message>
        <source>Bill {bill} has a credit note and cannot be voided. Credit the rest instead.</source>
        <translation>账单 {bill} 已有冲销单，不能作废。请对剩余部分开具冲销单。</translation>
    </message>
    <message>
        <source>{field_label}: enter an amount with at most 2 decimals, such as 1,200.50, above 0 (a bonus or a low-balance threshold may be 0) and below 1,000,000,000,000.</source>
        <translation>{field_label}：请输入最多两位小数的金额，例如 1,200.50，须大于 0（赠送金额或余额预警线可为 0）且小于 1,000,000,000,000。</translation>
    </message>
    <message>
        <source>Unknown payment method &quot;{method}&quot;. Choose cash, bank transfer, Alipay, WeChat Pay, UnionPay, card or other.</source>
        <translation>未知的收款方式“{method}”。请选择现金、银行转账、支付宝、微信支付、银联、刷卡或其他。</translation>
    </message>
    <message>
        <source>The date received is in the future. Enter the day the money arrived (today or earlier).</source>
        <translation>收款日期在未来。请填写款项实际到账的日期（今天或更早）。</translation>
    </message>
    <message>
        <source>A bill appears twice in the allocation. Enter each bill once, with all it should settle.</source>
        <translation>同一账单在核销中出现了两次。每张账单只填一次，填入它应核销的全部金额。</translation>
    </message>
    <message>
        <source>The allocations add up to {allocated}, more than the {amount} received. Lower them; what is not allocated stays as the customer&apos;s open credit.</source>
        <translation>核销合计 {allocated}，超过了收款金额 {amount}。请调低核销金额；未核销部分将作为客户的预收余额。</translation>
    </message>
    <message>
        <source>Bill {bill} still owes only {outstanding}. Allocate at most that to it; the rest stays as the customer&apos;s open credit.</source>
        <translation>账单 {bill} 只剩 {outstanding} 未付。最多核销这么多，其余作为客户的预收余额。</translation>
    </message>
    <message>
        <source>Bill {bill} is not an open bill of this customer (it may have been paid or voided meanwhile). Reload the customer&apos;s outstanding bills and choose again.</source>
        <translation>账单 {bill} 不是此客户的未结账单（可能刚被付清或作废）。请重新加载客户的未结账单后再选择。</translation>
    </message>
    <message>
        <source>This form was already used to record money for another customer. Close it and start again.</source>
        <translation>此表单已用于为另一位客户登记款项。请关闭后重新开始。</translation>
    </message>
    <message>
        <source>The customer&apos;s open credit is only {credit}, less than the refund of {amount}. Refund at most {credit}.</source>
        <translation>客户的预收余额只有 {credit}，少于退款金额 {amount}。最多退款 {credit}。</translation>
    </message>
    <message>
        <source>A top-up package on this bill cannot be read, so its wallet credit cannot be made. Nothing was saved; ask your administrator to check the bill.</source>
        <translation>此账单上的充值套餐无法读取，无法为钱包入账。未保存任何内容，请联系管理员检查此账单。</translation>
    </message>
    <message>
        <source>The wallet holds only {balance}, not enough to take {amount}. Top up the wallet first, or take a smaller amount.</source>
        <translation>钱包余额只有 {balance}，不足以扣除 {amount}。请先充值，或扣除较小的金额。</translation>
    </message>
    <message>
        <source>Bill {bill} cannot be credited: it is a draft or void. Only an issued bill, paid or not, can be credited; a draft is changed or deleted instead.</source>
        <translation>账单 {bill} 不能冲销：它是草稿或已作废。只有已开出的账单（无论是否已收款）才能冲销；草稿请直接修改或删除。</translation>
    </message>
    <message>
        <source>{bill} is a credit note; a credit note cannot itself be credited. Choose the bill.</source>
        <translation>{bill} 是冲销单，冲销单本身不能再冲销。请选择原账单。</translation>
    </message>
    <message>
        <source>Bill {bill} has only {creditable} left to credit in all (its negative lines count), not {requested}. Credit at most {creditable}.</source>
        <translation>账单 {bill} 合计只剩 {creditable} 可冲销（负数明细也计入），不能冲销 {requested}。最多冲销 {creditable}。</translation>
    </message>
    <message>
        <source>Line &quot;{line}&quot; of bill {bill} has only {creditable} left to credit, not {requested}. Credit at most {creditable}.</source>
        <translation>账单 {bill} 的“{line}”行只剩 {creditable} 可冲销，不能冲销 {requested}。最多冲销 {creditable}。</translation>
    </message>
    <message>
        <source>Give the amount to credit in yuan, above 0 and with at most 2 decimals, e.g. 30.00.</source>
        <translation>请填写要冲销的金额（元）：大于 0，最多两位小数，例如 30.00。</translation>
    </message>
    <message>
        <source>A line is listed twice. Give each line once with the whole amount to credit.</source>
        <translation>同一行出现了两次。每行只填一次，金额为该行要冲销的总额。</translation>
    </message>
    <message>
        <source>That line is not on bill {bill} or cannot be credited on its own. Reload the bill and choose its lines again.</source>
        <translation>该行不在账单 {bill} 上，或不能单独冲销。请重新加载账单后再选择要冲销的行。</translation>
    </message>
    <message>
        <source>There is nothing to credit on bill {bill}: choose at least one line and an amount. Lines credited in full have nothing left.</source>
        <translation>账单 {bill} 没有可冲销的内容：请至少选择一行并填写金额。已全额冲销的行不能再冲销。</translation>
    </message>
    <message>
        <source>Give the reason for the credit note in at most {limit} characters.</source>
        <translation>请填写冲销原因，最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>Bills can be exported as JSON or CSV, not as {format}.</source>
        <translation>账单只能导出为 JSON 或 CSV，不能导出为 {format}。</translation>
    </message>
    <message>
        <source>The end of the period ({period_to}) must be after its start ({period_from}).</source>
        <translation>期间的结束日期（{period_to}）必须晚于开始日期（{period_from}）。</translation>
    </message>
    <message>
        <source>The demo company fills only an empty database, and this one already has {customers} customers, {plans} plans and {bills} bills. Set up a new database to look at the demo.</source>
        <translation>演示数据只能填入空数据库，而此数据库已有 {customers} 个客户、{plans} 个套餐和 {bills} 张账单。请新建一个数据库来查看演示。</translation>
    </message>
    <message>
        <source>Give the number of demo customers as a whole number of at least 1, not {count}.</source>
        <translation>演示客户数量须为不小于 1 的整数，而不是 {count}。</translation>
    </message>
    <message>
        <source>The statement must end after it starts ({period_from}). Choose a later end date.</source>
        <translation>对账单的结束日期必须晚于开始日期（{period_from}）。请选择更晚的结束日期。</translation>
    </message>
    <message>
        <source>Unknown reminder channel &quot;{channel}&quot;. Choose printed letter, e-mail or phone.</source>
        <translation>未知的催款方式“{channel}”。请选择纸质催款函、邮件或电话。</translation>
    </message>
    <message>
        <source>There is no reminder stage of {stage} days. Choose one of the stages in the list.</source>
        <translation>没有 {stage} 天的催款阶段。请从列表中选择一个阶段。</translation>
    </message>
    <message>
        <source>{customer} has no bill overdue long enough for a reminder. Refresh the list.</source>
        <translation>{customer} 没有达到催款阶段的逾期账单。请刷新列表。</translation>
    </message>
    <message>
        <source>{customer} is {days} days overdue: the {stage}-day reminder is not due yet.</source>
        <translation>{customer} 已逾期 {days} 天，尚未到 {stage} 天的催款阶段。</translation>
    </message>
    <message>
        <source>{customer} was already reminded at the {stage}-day stage on {on}. Refresh the list.</source>
        <translation>{customer} 已于 {on} 完成 {stage} 天阶段的催款。请刷新列表。</translation>
    </message>
    <message>
        <source>The stored original of {number} does not match its fingerprint (SHA-256): it was changed outside the application. Print a copy instead and tell your administrator.</source>
        <translation>{number} 存档的原件与其指纹（SHA-256）不符，已在本软件之外被改动。请改为打印副本，并告知系统管理员。</translation>
    </message>
    <message>
        <source>Enter the accent colour as # and six hexadecimal digits, e.g. #1F4E79 (not &quot;{value}&quot;).</source>
        <translation>请将主题色填写为 # 加六位十六进制数字，例如 #1F4E79（当前为“{value}”）。</translation>
    </message>
    <message>
        <source>This text is {length} characters long; shorten it to at most {maximum}.</source>
        <translation>该文字共 {length} 个字符，请缩短到 {maximum} 个以内。</translation>
    </message>
    <message>
        <source>The logo is {size_kb} KB; choose an image of at most {maximum_kb} KB.</source>
        <translation>徽标图片为 {size_kb} KB，请选择不超过 {maximum_kb} KB 的图片。</translation>
    </message>
    <message>
        <source>Choose the logo as a PNG or JPEG image.</source>
        <translation>请选择 PNG 或 JPEG 格式的徽标图片。</translation>
    </message>
    <message>
        <source>The period &quot;{text}&quot; is not understood: enter a month (2026-10), a quarter (2026-Q3), a year (2026) or two days (2026-10-01..2026-12-31).</source>
        <translation>无法识别期间“{text}”：请输入月份（2026-10）、季度（2026-Q3）、年份（2026）或起止日期（2026-10-01..2026-12-31）。</translation>
    </message>
    <message>
        <source>The period ends before it starts: choose an end day after the start day.</source>
        <translation>期间的结束日早于开始日：请选择晚于开始日的结束日。</translation>
    </message>
    <message>
        <source>There is no report called &quot;{name}&quot;; `report list` shows the names.</source>
        <translation>没有名为“{name}”的报表；`report list` 列出所有报表名称。</translation>
    </message>
    <message>
        <source>A report can be saved as .xlsx, .csv or .pdf, not &quot;{suffix}&quot;: choose one of those file types.</source>
        <translation>报表只能保存为 .xlsx、.csv 或 .pdf 文件，不能是“{suffix}”：请选择其中一种文件类型。</translation>
    </message>
    <message>
        <source>A report can be written in Chinese (zh_CN) or English (en), not &quot;{language}&quot;.</source>
        <translation>报表只能使用中文（zh_CN）或英文（en），不能是“{language}”。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist: choose an existing folder, or create it first.</source>
        <translation>文件夹 {folder} 不存在：请选择已有的文件夹，或先创建它。</translation>
    </message>
    <message>
        <source>The file {file} could not be replaced because another program has it open (Excel, a PDF viewer): close it there and save again, or choose another file name.</source>
        <translation>无法替换文件 {file}，它正被其他程序（Excel、PDF 阅读器）打开：请先关闭它再保存，或换一个文件名。</translation>
    </message>
    <message>
        <source>The file {file} could not be written ({reason}): check the free disk space and that you may write to that folder, then try again.</source>
        <translation>无法写入文件 {file}（{reason}）：请检查磁盘剩余空间以及对该文件夹的写入权限，然后重试。</translation>
    </message>
    <message>
        <source>The year {year} is not valid: enter a year such as 2026.</source>
        <translation>年份 {year} 无效：请输入类似 2026 的年份。</translation>
    </message>
    <message>
        <source>The target &quot;{text}&quot; is not an amount: enter yuan with at most two decimals, e.g. 50000 or 12,500.50.</source>
        <translation>目标“{text}”不是有效金额：请输入最多两位小数的金额（元），例如 50000 或 12,500.50。</translation>
    </message>
    <message>
        <source>A target cannot be negative: enter 0 (or leave it empty) to remove the month&apos;s target.</source>
        <translation>业绩目标不能为负数：输入 0（或留空）即可删除该月目标。</translation>
    </message>
    <message>
        <source>The target is too large: enter at most ¥{limit}.</source>
        <translation>业绩目标过大：最多可输入 ¥{limit}。</translation>
    </message>
    <message>
        <source>The customer value settings are not in the expected form: open the customer value report, choose Grading settings… and save them again.</source>
        <translation>客户价值评估设置格式不正确：请打开“客户价值评估”报表，点击“评级设置…”后重新保存。</translation>
    </message>
    <message>
        <source>{field_label}: enter exactly {count} thresholds, one for each score from 2 to 5.</source>
        <translation>{field_label}：请恰好输入 {count} 个阈值，分别对应 2 至 5 分。</translation>
    </message>
    <message>
        <source>{field_label}: &quot;{value}&quot; is not a valid threshold. Enter whole days (0 or more), whole numbers of bills (1 or more) or an amount in yuan above 0 with at most two decimals.</source>
        <translation>{field_label}：“{value}”不是有效的阈值。天数请输入 0 或以上的整数，账单数请输入 1 或以上的整数，金额请输入大于 0、最多两位小数的元数。</translation>
    </message>
    <message>
        <source>{field_label}: each threshold must be larger than the one before it.</source>
        <translation>{field_label}：每个阈值都必须大于前一个阈值。</translation>
    </message>
    <message>
        <source>The least total score for grade {grade} must be a whole number from 4 to 15.</source>
        <translation>等级 {grade} 的最低总分必须是 4 至 15 之间的整数。</translation>
    </message>
    <message>
        <source>Grade A needs a higher least score than grade B, and B than C: raise A or lower C.</source>
        <translation>A 级的最低总分必须高于 B 级，B 级必须高于 C 级：请提高 A 级或降低 C 级的分数。</translation>
    </message>
    <message>
        <source>The tier &quot;{tier}&quot; suggested for grade {grade} is not a membership tier: choose one of {tiers} (customer value report, Grading settings…).</source>
        <translation>等级 {grade} 的建议会员级别“{tier}”不存在：请从 {tiers} 中选择（客户价值评估报表 › 评级设置…）。</translation>
    </message>
    <message>
        <source>{count} of the chosen customers are not yours to change (or no longer exist). Nothing was changed: refresh the report and choose again.</source>
        <translation>所选客户中有 {count} 个不在您的权限范围内（或已不存在），未做任何修改：请刷新报表后重新选择。</translation>
    </message>
    <message>
        <source>The passphrase does not open this backup. Type the passphrase that was used when the backup was made (capitals and spaces count).</source>
        <translation>口令无法打开此备份。请输入创建备份时使用的口令（区分大小写和空格）。</translation>
    </message>
    <message>
        <source>This backup file is damaged ({where}) and cannot be used. Use another copy of the backup; nothing was changed.</source>
        <translation>此备份文件已损坏（{where}），无法使用。请使用该备份的其他副本；数据库未做任何更改。</translation>
    </message>
    <message>
        <source>This backup file is incomplete (it ends too early, e.g. the copy was interrupted). Copy the backup again or use another one; nothing was changed.</source>
        <translation>此备份文件不完整（提前结束，例如复制中断）。请重新复制备份或使用其他备份；数据库未做任何更改。</translation>
    </message>
    <message>
        <source>This backup was made by a newer version of Benji CRM (database version {revision}, this program knows up to {head}). Update Benji CRM on this computer first, then restore again.</source>
        <translation>此备份由更新版本的本机CRM创建（数据库版本 {revision}，本程序最高支持 {head}）。请先升级本机的本机CRM，再重新恢复。</translation>
    </message>
    <message>
        <source>This file is not a Benji CRM backup. Choose a backup file made by Benji CRM (`backup create`).</source>
        <translation>此文件不是本机CRM备份。请选择由本机CRM创建的备份文件（`backup create`）。</translation>
    </message>
    <message>
        <source>This backup contains an entry that is not part of a Benji CRM database ({name}); it was refused for safety. Use a backup made by Benji CRM itself; nothing was changed.</source>
        <translation>此备份包含不属于本机CRM数据库的条目（{name}），为安全起见已拒绝。请使用本机CRM自身创建的备份；数据库未做任何更改。</translation>
    </message>
    <message>
        <source>This backup uses a format version this program cannot read ({version}). Update Benji CRM, then try again.</source>
        <translation>此备份使用了本程序无法读取的格式版本（{version}）。请升级本机CRM后重试。</translation>
    </message>
    <message>
        <source>Choose a backup passphrase of at least {minimum} characters, and keep it safe: without it the backup cannot be restored.</source>
        <translation>请设置至少 {minimum} 个字符的备份口令，并妥善保管：没有口令将无法恢复备份。</translation>
    </message>
    <message>
        <source>The target database {database} is not empty. Restore into a new, empty database (ask IT to create one), or restore into the embedded database file.</source>
        <translation>目标数据库 {database} 不是空的。请恢复到一个新的空数据库（请IT人员创建），或恢复到本机数据库文件。</translation>
    </message>
    <message>
        <source>The database file {path} is still in use by another program or window. Close Benji CRM everywhere it uses this file, then restore again.</source>
        <translation>数据库文件 {path} 仍被其他程序或窗口使用。请关闭所有使用此文件的本机CRM后再恢复。</translation>
    </message>
    <message>
        <source>The restored data did not pass the check ({table}); the live database was not replaced. Try another backup, or contact support with this message.</source>
        <translation>恢复后的数据未通过校验（{table}）；正在使用的数据库未被替换。请尝试其他备份，或将此信息发给技术支持。</translation>
    </message>
    <message>
        <source>Back up every {minimum} to {maximum} hours: type a whole number in that range (24 = once a day).</source>
        <translation>备份间隔须为 {minimum} 至 {maximum} 小时之间的整数（24 表示每天一次），请修改后再保存。</translation>
    </message>
    <message>
        <source>“{field_label}” must be a whole number from {minimum} to {maximum}.</source>
        <translation>“{field_label}”须为 {minimum} 至 {maximum} 之间的整数。</translation>
    </message>
    <message>
        <source>Keep at least one backup: set the daily, weekly or monthly count above 0.</source>
        <translation>至少保留一份备份：请将按天、按周或按月保留的份数之一设为大于 0。</translation>
    </message>
    <message>
        <source>Choose a backup passphrase of at least {minimum} characters and write it down somewhere safe: without it no backup can be restored.</source>
        <translation>请设置至少 {minimum} 个字符的备份口令，并妥善记录保存：没有它，任何备份都无法恢复。</translation>
    </message>
    <message>
        <source>Type the backup passphrase: automatic backups are encrypted with it, and this computer has none saved yet.</source>
        <translation>请输入备份口令：自动备份使用该密码加密，而本机尚未保存备份口令。</translation>
    </message>
    <message>
        <source>Choose the folder the automatic backups are written to (a local disk or a NAS share).</source>
        <translation>请选择自动备份的保存文件夹（本地磁盘或 NAS 共享文件夹）。</translation>
    </message>
    <message>
        <source>Give the backup folder as a full path, e.g. D:\Backups\Benji or \\nas\backups\benji (not “{folder}”).</source>
        <translation>请填写备份文件夹的完整路径，例如 D:\Backups\Benji 或 \\nas\backups\benji（而不是“{folder}”）。</translation>
    </message>
    <message>
        <source>The backup folder {folder} cannot be found. Check that the disk or NAS share is connected, or choose another folder.</source>
        <translation>找不到备份文件夹 {folder}。请检查磁盘或 NAS 共享是否已连接，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>Benji CRM cannot write to the backup folder {folder} ({reason}). Give this Windows user write permission there, or choose another folder.</source>
        <translation>无法写入备份文件夹 {folder}（{reason}）。请为当前 Windows 用户授予该文件夹的写入权限，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>This computer has no secure password store, so the backup passphrase cannot be saved for automatic backups. Run the scheduled backup on a Windows desktop, or set BENJI_BACKUP_PASSPHRASE for the task.</source>
        <translation>本机没有安全的密码存储，无法为自动备份保存备份口令。请在 Windows 电脑上运行定时备份，或为该计划任务设置环境变量 BENJI_BACKUP_PASSPHRASE。</translation>
    </message>
    <message>
        <source>The automatic backup on {desktop} has no backup passphrase. Open Backup (备份与恢复) on that computer and save the passphrase again (it is kept in that computer&apos;s Windows credential store only).</source>
        <translation>{desktop} 上的自动备份没有备份口令。请在该电脑上打开“备份与恢复”重新保存备份口令（口令只保存在该电脑的 Windows 凭据管理器中）。</translation>
    </message>
    <message>
        <source>{holder} on {desktop} has been making a backup since {since}. Wait for it to finish, then try again.</source>
        <translation>{holder} 正在 {desktop} 上进行备份（开始于 {since}）。请等待其完成后再试。</translation>
    </message>
    <message>
        <source>The automatic backup could not be written: {reason}. Check the backup folder and free disk space, then use “Back up now”.</source>
        <translation>自动备份写入失败：{reason}。请检查备份文件夹和剩余磁盘空间，然后点击“立即备份”。</translation>
    </message>
    <message>
        <source>Benji CRM works with a server database ({database}): a restore into a server is done by IT with `backup restore FILE --into URL` into an empty database (see the admin guide).</source>
        <translation>本机CRM 正在使用服务器数据库（{database}）：恢复到服务器须由 IT 人员用 `backup restore 文件 --into URL` 恢复到一个空数据库（见管理员指南）。</translation>
    </message>
    <message>
        <source>The {field} name &quot;{value}&quot; cannot be used. Use lower-case letters, digits and _ (at most 63, starting with a letter), e.g. benji_app.</source>
        <translation>{field} 名称“{value}”不可用。请使用小写字母、数字和 _（最多 63 个字符，以字母开头），例如 benji_app。</translation>
    </message>
    <message>
        <source>The owner and the app user must be two different database users (both are &quot;{name}&quot;).</source>
        <translation>所有者和应用用户必须是两个不同的数据库用户（现在都是“{name}”）。</translation>
    </message>
    <message>
        <source>A database password cannot contain the NUL character. Choose another password.</source>
        <translation>数据库密码不能包含 NUL 字符，请换一个密码。</translation>
    </message>
    <message>
        <source>This needs a PostgreSQL or MariaDB server database, not an embedded database file.</source>
        <translation>此操作需要 PostgreSQL 或 MariaDB 服务器数据库，而不是内嵌数据库文件。</translation>
    </message>
    <message>
        <source>Only an embedded database (a file on this computer) can be moved to a server; this computer already uses a server.</source>
        <translation>只有内嵌数据库（本机上的文件）可以迁移到服务器；本机已经在使用服务器。</translation>
    </message>
    <message>
        <source>The copy on the server does not match the original in table {table} ({expected} rows expected, {found} found). The server database was emptied again and this computer still uses its own file; nothing was lost. Try again, and send the log to support if it happens again.</source>
        <translation>服务器上的副本与原数据在表 {table} 中不一致（应有 {expected} 行，实际 {found} 行）。服务器数据库已重新清空，本机仍使用原来的文件，没有丢失任何数据。请重试；如再次发生，请将日志发送给技术支持。</translation>
    </message>
    <message>
        <source>The support bundle could not be written to {path} ({reason}). Choose a folder you may write to with enough free space, e.g. Documents, and try again.</source>
        <translation>无法将支持包写入 {path}（{reason}）。请选择一个有写入权限且空间充足的文件夹（例如“文档”），然后重试。</translation>
    </message>
    <message>
        <source>Your role may not enter or change bill amounts, so nothing was changed. Ask an administrator to make bill amounts editable for your role.</source>
        <translation>您的角色不能录入或修改账单金额，未做任何更改。如需操作，请联系管理员为您的角色开放账单金额的编辑权限。</translation>
    </message>
    <message>
        <source>Your role may not enter payment amounts (payments, refunds, wallet top-ups and debits, the low-balance threshold), so nothing was recorded. Ask an administrator to make payment amounts editable for your role.</source>
        <translation>您的角色不能录入收款金额（收款、退款、钱包充值与扣款、余额预警线），未做任何记录。如需操作，请联系管理员为您的角色开放收款金额的编辑权限。</translation>
    </message>
    <message>
        <source>Your role may not set or change prices, so nothing was saved. Keep every price as it was, or ask an administrator to make prices editable for your role.</source>
        <translation>您的角色不能设置或修改价格，未做任何保存。请保持所有价格不变，或联系管理员为您的角色开放价格的编辑权限。</translation>
    </message>
    <message>
        <source>A receipt shows payment amounts, which your role does not show. Ask a colleague who may see them to print it.</source>
        <translation>收据上全是收款金额，而您的角色不显示收款金额。请由可查看金额的同事打印。</translation>
    </message>
    <message>
        <source>A statement shows bill and payment amounts, which your role does not show. Ask a colleague who may see them to print it.</source>
        <translation>对账单上全是账单和收款金额，而您的角色不显示这些金额。请由可查看金额的同事打印。</translation>
    </message>
    <message>
        <source>The price calculator shows prices, which your role does not show.</source>
        <translation>价格计算器显示的都是价格，而您的角色不显示价格。</translation>
    </message>
    <message>
        <source>The next bill&apos;s preview is nothing but bill amounts, which your role does not show.</source>
        <translation>下期账单预览全部是账单金额，您的角色不显示这些金额。</translation>
    </message>
    <message>
        <source>The catalog file holds every price, which your role does not show. Ask a colleague who may see prices to export it.</source>
        <translation>目录文件包含所有价格，您的角色不显示价格。请让有权查看价格的同事导出。</translation>
    </message>
    <message>
        <source>This document shows amounts your role does not show.</source>
        <translation>此单据包含您的角色不显示的金额。</translation>
    </message>
</context>
<context>
    <name>MoveToServerDialog</name>
    <message>
        <source>Move to a LAN server</source>
        <translation>迁移到局域网服务器</translation>
    </message>
    <message>
        <source>Copies everything in this computer&apos;s database into an empty PostgreSQL or MariaDB database on the office server, checks every table, and switches this computer to the server. Other computers can then work with the same data. Your IT administrator first creates the empty database, the owner and the app user (admin guide, &quot;LAN server set-up&quot;).</source>
        <translation>将本机数据库中的全部数据复制到办公室服务器上一个空的 PostgreSQL 或 MariaDB 数据库，逐表核对，并将本机切换到该服务器。之后其他电脑即可共用同一份数据。请先由 IT 管理员创建空数据库、所有者和应用用户（见管理员指南“局域网服务器设置”）。</translation>
    </message>
    <message>
        <source>Owner (creates the tables):</source>
        <translation>所有者（创建数据表）：</translation>
    </message>
    <message>
        <source>Owner&apos;s password:</source>
        <translation>所有者密码：</translation>
    </message>
    <message>
        <source>App user (for every computer):</source>
        <translation>应用用户（各电脑使用）：</translation>
    </message>
    <message>
        <source>App user&apos;s password:</source>
        <translation>应用用户密码：</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Move to the server</source>
        <translation>迁移到服务器</translation>
    </message>
    <message>
        <source>Enter the host, the database, the owner and the app user.</source>
        <translation>请填写主机、数据库、所有者和应用用户。</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>正在连接...</translation>
    </message>
    <message>
        <source>Connected to {0}, but the database already holds {1} tables. The move needs an empty database: ask IT for a new one.</source>
        <translation>已连接到 {0}，但该数据库中已有 {1} 张表。迁移需要一个空数据库：请让 IT 新建一个。</translation>
    </message>
    <message>
        <source>Connected to {0}, but &quot;{1}&quot; may not create tables there. Enter the owner of the database (the role that `server create` made).</source>
        <translation>已连接到 {0}，但“{1}”无权在其中创建数据表。请填写数据库的所有者（由 `server create` 创建的角色）。</translation>
    </message>
    <message>
        <source>Connected to {0}. The database is empty and ready.</source>
        <translation>已连接到 {0}。数据库为空，可以迁移。</translation>
    </message>
    <message>
        <source>This computer&apos;s database is copied to the server, and from then on this computer works on the server.</source>
        <translation>本机数据库将被复制到服务器，此后本机将使用服务器上的数据。</translation>
    </message>
    <message>
        <source>Copying: {0} of {1} rows ({2})</source>
        <translation>正在复制：{0} / {1} 行（{2}）</translation>
    </message>
    <message>
        <source>Moving to the server...</source>
        <translation>正在迁移到服务器...</translation>
    </message>
    <message>
        <source>Moved: {0} rows in {1} tables, every table checked (row counts and checksums) and the audit log verified, in {2:.1f} s.

This computer now works on {3}. The old database file is kept unchanged; do not use it any more.

On every other computer: install Benji CRM, choose the LAN server in the first-run wizard (or &quot;Database settings...&quot; on the log-in window) and enter server {4}, port {5}, database {6}, user {7} and its password.

Benji CRM closes now. Start it again{8}.</source>
        <translation>迁移完成：{1} 张表共 {0} 行，已逐表核对（行数和校验和）并验证审计日志，用时 {2:.1f} 秒。

本机现在使用 {3}。原数据库文件保持不变，请勿再使用。

其他每台电脑：安装本机CRM，在首次运行向导中选择局域网服务器（或在登录窗口点击“数据库设置...”），填写服务器 {4}、端口 {5}、数据库 {6}、用户 {7} 及其密码。

本机CRM 现在关闭，请重新启动{8}。</translation>
    </message>
    <message>
        <source> and enter the app user&apos;s password</source>
        <translation>并输入应用用户的密码</translation>
    </message>
</context>
<context>
    <name>NewSubscriptionDialog</name>
    <message>
        <source>New subscription</source>
        <translation>新建订阅</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>coupon codes, comma separated, e.g. NEW50</source>
        <translation>优惠券代码，以逗号分隔，例如 NEW50</translation>
    </message>
    <message>
        <source>Calendar: periods start on the 1st of the month</source>
        <translation>按自然月：计费周期从每月 1 日开始</translation>
    </message>
    <message>
        <source>Anniversary: periods start on the first billed day</source>
        <translation>按开通日：计费周期从首个计费日开始</translation>
    </message>
    <message>
        <source>Plan *</source>
        <translation>套餐 *</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开通日期</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Billing periods</source>
        <translation>计费周期</translation>
    </message>
    <message>
        <source>Subscribe</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>No plan is published yet: publish one on the Plans page first.</source>
        <translation>还没有已发布的套餐：请先在“套餐”页面发布一个。</translation>
    </message>
    <message>
        <source>Starts with a free trial of {0} days.</source>
        <translation>开通后先免费试用 {0} 天。</translation>
    </message>
</context>
<context>
    <name>OneTimeForm</name>
    <message>
        <source>Price *</source>
        <translation>价格 *</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Show the passphrase</source>
        <translation>显示口令</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>The backup is encrypted with this passphrase (at least {0} characters). Without it the backup cannot be restored: nobody, not even the supplier of Benji CRM, can open it. Write it down and keep it apart from the backup files, e.g. in the company safe or a password manager.</source>
        <translation>备份将用此口令加密（至少 {0} 个字符）。没有口令，备份就无法恢复：任何人，包括 Benji CRM 的供应商，都无法打开它。请把口令写下来，与备份文件分开保管，例如放在公司保险柜或密码管理器中。</translation>
    </message>
    <message>
        <source>Type the passphrase that was used when the backup was made.</source>
        <translation>请输入制作该备份时使用的口令。</translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>The passphrase needs at least {0} characters.</source>
        <translation>口令至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same passphrase twice.</source>
        <translation>两次输入的口令不一致。请输入两遍相同的口令。</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>UnionPay</source>
        <translation>银联</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Record payment</source>
        <translation>登记收款</translation>
    </message>
    <message>
        <source>e.g. 1,200.00</source>
        <translation>例如 1,200.00</translation>
    </message>
    <message>
        <source>Bank serial number, Alipay order number ...</source>
        <translation>银行流水号、支付宝订单号……</translation>
    </message>
    <message>
        <source>Who paid, if not the customer</source>
        <translation>付款人（如非客户本人）</translation>
    </message>
    <message>
        <source>Amount received (CNY) *</source>
        <translation>收款金额（元）*</translation>
    </message>
    <message>
        <source>Date received *</source>
        <translation>收款日期 *</translation>
    </message>
    <message>
        <source>Method *</source>
        <translation>收款方式 *</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Issue date</source>
        <translation>出具日期</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>未付金额</translation>
    </message>
    <message>
        <source>Overdue days</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Allocate</source>
        <translation>核销金额</translation>
    </message>
    <message>
        <source>This customer owes nothing at the moment: the whole amount stays as open credit.</source>
        <translation>该客户目前没有欠款：全部金额将作为预收余额。</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>按最早到期核销</translation>
    </message>
    <message>
        <source>Settle the bills with the amount received, the oldest due first</source>
        <translation>用收款金额核销账单，最早到期的优先</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Open bills of the customer</source>
        <translation>客户未结清账单</translation>
    </message>
    <message>
        <source>Double-click to change the amount settled on this bill</source>
        <translation>双击修改此账单的核销金额</translation>
    </message>
    <message>
        <source>Settles the open bills oldest first; what is left stays as open credit. {0}</source>
        <translation>按到期先后核销未结账单，剩余部分记为预收款。{0}</translation>
    </message>
    <message>
        <source>Check the amounts: they must be numbers such as 1,200.00</source>
        <translation>请检查金额：须为数字，例如 1,200.00</translation>
    </message>
    <message>
        <source>Allocated {0} — {1} more than received</source>
        <translation>已核销 {0} — 比收款多 {1}</translation>
    </message>
    <message>
        <source>Allocated {0} · stays as open credit {1}</source>
        <translation>已核销 {0} · 预收余额 {1}</translation>
    </message>
    <message>
        <source>Payment {0} of {1} recorded. {2} settled bills; {3} stays as open credit.</source>
        <translation>已登记收款 {0}，金额 {1}。其中 {2} 核销账单，{3} 作为预收余额。</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>Last quarter</source>
        <translation>上季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>上年</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>本年至今</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近12个月</translation>
    </message>
    <message>
        <source>A month</source>
        <translation>指定月份</translation>
    </message>
    <message>
        <source>A quarter</source>
        <translation>指定季度</translation>
    </message>
    <message>
        <source>A year</source>
        <translation>指定年份</translation>
    </message>
    <message>
        <source>Days from ... to</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <source>Q{0}</source>
        <translation>第{0}季度</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <source>Plan</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>New plan</source>
        <translation>新建套餐</translation>
    </message>
    <message>
        <source>Charges</source>
        <translation>收费项</translation>
    </message>
    <message>
        <source>Price lists per tier</source>
        <translation>会员价</translation>
    </message>
    <message>
        <source>Minimum commitment</source>
        <translation>最低消费</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Read only: your role may not change prices. Try prices in the calculator on the right.</source>
        <translation>只读：您的角色不能修改价格。可在右侧的价格计算器中试算。</translation>
    </message>
    <message>
        <source>Discard the changes to this plan?</source>
        <translation>放弃对此套餐的修改吗？</translation>
    </message>
    <message>
        <source>Saving creates the plan with version 1 as a draft. Publish it from the plan list when it is ready.</source>
        <translation>保存后创建套餐，版本1为草稿。准备好后在套餐列表中发布。</translation>
    </message>
    <message>
        <source>{0} · version {1}</source>
        <translation>{0} · 版本{1}</translation>
    </message>
    <message>
        <source>Read only. Try prices in the calculator on the right.</source>
        <translation>只读。可在右侧试算价格。</translation>
    </message>
    <message>
        <source>Draft: customers do not see it until it is published.</source>
        <translation>草稿：发布前客户不可见。</translation>
    </message>
    <message>
        <source>Version {0} is published. Saving creates a new version as a draft; subscriptions stay on version {0} until the new one is published and they are moved to it.</source>
        <translation>版本{0}已发布。保存将创建新的草稿版本；订阅在新版本发布并迁移前仍使用版本{0}。</translation>
    </message>
    <message>
        <source>tier {0}</source>
        <translation>第{0}档</translation>
    </message>
    <message>
        <source>Saved as draft version {0}.</source>
        <translation>已保存为草稿版本{0}。</translation>
    </message>
</context>
<context>
    <name>PlanHeader</name>
    <message>
        <source>Plan code *</source>
        <translation>套餐编码 *</translation>
    </message>
    <message>
        <source>e.g. basic</source>
        <translation>如 basic</translation>
    </message>
    <message>
        <source>Plan name *</source>
        <translation>套餐名称 *</translation>
    </message>
    <message>
        <source>e.g. 基础套餐</source>
        <translation>如 基础套餐</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Prices include VAT (含税)</source>
        <translation>价格含税</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>no trial</source>
        <translation>无试用</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试用期</translation>
    </message>
    <message>
        <source>Bill every</source>
        <translation>计费周期</translation>
    </message>
</context>
<context>
    <name>PlansPage</name>
    <message>
        <source>Plans</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>A plan is how you charge: fees, seats, modules, usage, top-ups, tier prices. Changes are saved as a draft version; publishing it makes it the version new subscriptions get, while existing subscriptions keep theirs until they are moved.</source>
        <translation>套餐规定收费方式：月租、用户数、模块、用量、充值、会员价。修改保存为草稿版本；发布后新订阅使用该版本，现有订阅保持原版本直到被迁移。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Published version</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>version {0}</source>
        <translation>版本{0}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>On offer</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Not published yet</source>
        <translation>未发布</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Published at</source>
        <translation>发布时间</translation>
    </message>
    <message>
        <source>Published by</source>
        <translation>发布人</translation>
    </message>
    <message>
        <source>New plan...</source>
        <translation>新建套餐...</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>编辑...</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Duplicate...</source>
        <translation>复制...</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Open / price calculator</source>
        <translation>查看 / 价格试算</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>显示已归档</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Versions of {0}</source>
        <translation>{0}的版本</translation>
    </message>
    <message>
        <source>Publish plan</source>
        <translation>发布套餐</translation>
    </message>
    <message>
        <source>Publish version {0} of {1}? New subscriptions get it; existing subscriptions stay on their version until they are moved.</source>
        <translation>发布 {1} 的版本 {0}？新订阅将使用该版本；现有订阅保持原版本，直到被迁移。</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>{0} (copy)</source>
        <translation>{0}（副本）</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小 (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>放大 (Ctrl++)</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Copy: this document was printed before; this print is marked as a copy.</source>
        <translation>副本：此单据已打印过，本次打印标注为副本。</translation>
    </message>
    <message>
        <source>Print directly to the default printer</source>
        <translation>直接用默认打印机打印</translation>
    </message>
    <message>
        <source>Print without asking for the printer; remembered on this computer</source>
        <translation>不再询问打印机，直接打印；本机记住此设置</translation>
    </message>
    <message>
        <source>Save as PDF...</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Print...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 / %2 页</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>已保存到 {0}</translation>
    </message>
</context>
<context>
    <name>PriceListsEditor</name>
    <message>
        <source>Membership tier</source>
        <translation>会员级别</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>收费项</translation>
    </message>
    <message>
        <source>Override price</source>
        <translation>会员价</translation>
    </message>
    <message>
        <source>% off</source>
        <translation>折扣(%)</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Add price</source>
        <translation>添加价格</translation>
    </message>
    <message>
        <source>Remove price</source>
        <translation>删除价格</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>This document cannot be read, so it cannot be printed.</source>
        <translation>无法读取此单据，因此无法打印。</translation>
    </message>
    <message>
        <source>There is no default printer on this computer. Choose one in Windows Settings &gt; Bluetooth &amp; devices &gt; Printers &amp; scanners (Set as default), or turn off &quot;Print directly to the default printer&quot; to choose a printer each time.</source>
        <translation>本机没有默认打印机。请在 Windows 设置 &gt; 蓝牙和其他设备 &gt; 打印机和扫描仪 中选择一台打印机并“设为默认”，或关闭“直接用默认打印机打印”，每次打印时选择打印机。</translation>
    </message>
    <message>
        <source>Benji CRM document</source>
        <translation>本机CRM 单据</translation>
    </message>
    <message>
        <source>The printer could not be started. Check that it is switched on and connected, then try again.</source>
        <translation>无法启动打印机。请检查打印机已开机并已连接，然后重试。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The file could not be written: {0}

Is it open in another program, or is the folder read-only? Close it or choose another name.</source>
        <translation>无法写入文件：{0}

文件是否已在其他程序中打开，或文件夹为只读？请关闭该文件或换一个文件名。</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <source>New product</source>
        <translation>新增产品</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>e.g. voice, sms, data</source>
        <translation>如 voice、sms、data</translation>
    </message>
    <message>
        <source>e.g. 语音通话</source>
        <translation>如 语音通话</translation>
    </message>
    <message>
        <source>e.g. 通信服务</source>
        <translation>如 通信服务</translation>
    </message>
    <message>
        <source>Code *</source>
        <translation>编码 *</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>VAT rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>The VAT rate belongs to what is sold: e.g. voice 9 %, SMS and data 6 %, goods 13 %. Exempt (免税) is not the same as 0 %.</source>
        <translation>税率取决于所售内容：如语音 9 %、短信和流量 6 %、货物 13 %。免税不等于 0 %。</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>What you sell, with its unit and VAT rate; plans are built from these. Coupons give customers a discount. Deactivated ones stay on the plans and bills that already use them.</source>
        <translation>销售的产品/服务及其单位和税率；套餐由它们组成。优惠券为客户提供折扣。已停用的仍保留在已使用它们的套餐和账单上。</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>VAT rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add product...</source>
        <translation>新增产品...</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Applies</source>
        <translation>适用期</translation>
    </message>
    <message>
        <source>Only on charges</source>
        <translation>仅限收费项</translation>
    </message>
    <message>
        <source>all charges</source>
        <translation>全部收费项</translation>
    </message>
    <message>
        <source>Add coupon...</source>
        <translation>新增优惠券...</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>comma separated, e.g. 重点,华北</source>
        <translation>用逗号分隔，例如：重点,华北</translation>
    </message>
    <message>
        <source>only if the pinyin is wrong, e.g. shan xian</source>
        <translation>仅在拼音有误时填写，例如：shan xian</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Membership tier</source>
        <translation>会员级别</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Invoice title</source>
        <translation>开票抬头</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>开户银行</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>银行账号</translation>
    </message>
    <message>
        <source>Pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>QuoteView</name>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>价税合计</translation>
    </message>
    <message>
        <source>tier {0}</source>
        <translation>第{0}档</translation>
    </message>
    <message>
        <source>{0} of {1} days</source>
        <translation>{1} 天中的 {0} 天</translation>
    </message>
    <message>
        <source>Amount {0} · Tax {1} · &lt;b&gt;Total incl. tax {2}&lt;/b&gt;</source>
        <translation>金额 {0} · 税额 {1} · &lt;b&gt;价税合计 {2}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ReportOutput</name>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Save the report as an Excel workbook (XLSX) or a CSV file</source>
        <translation>将报表保存为 Excel 工作簿（XLSX）或 CSV 文件</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>Print...</source>
        <translation>打印...</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV file, UTF-8 (*.csv)</source>
        <translation>CSV 文件，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <source>Double-click to open the details</source>
        <translation>双击查看明细</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Compute the report again with the latest figures (F5)</source>
        <translation>按最新数据重新计算报表（F5）</translation>
    </message>
    <message>
        <source>Targets...</source>
        <translation>业绩目标...</translation>
    </message>
    <message>
        <source>Set the monthly sales targets (业绩目标) of each salesperson</source>
        <translation>设置每位销售人员的月度业绩目标</translation>
    </message>
    <message>
        <source>Grading settings...</source>
        <translation>评级设置...</translation>
    </message>
    <message>
        <source>Thresholds of the A/B/C/D grades and the tier each grade suggests</source>
        <translation>A/B/C/D 各等级的评分门槛及各等级建议的会员级别</translation>
    </message>
    <message>
        <source>Apply suggested tiers...</source>
        <translation>应用建议级别...</translation>
    </message>
    <message>
        <source>Set the suggested tier on the selected customers, or on every customer whose suggestion differs when none is selected</source>
        <translation>将所选客户改为建议级别；未选择时，对所有建议级别与当前级别不同的客户执行</translation>
    </message>
    <message>
        <source>Computing the report...</source>
        <translation>正在计算报表...</translation>
    </message>
    <message>
        <source>The report could not be computed.</source>
        <translation>报表未能计算完成。</translation>
    </message>
    <message>
        <source>{0} rows · double-click a row for its details</source>
        <translation>共 {0} 行 · 双击某行查看明细</translation>
    </message>
    <message>
        <source>{0} rows</source>
        <translation>共 {0} 行</translation>
    </message>
</context>
<context>
    <name>RoleEditor</name>
    <message>
        <source>Copy...</source>
        <translation>复制…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Save role</source>
        <translation>保存角色</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>(built-in)</source>
        <translation>（内置）</translation>
    </message>
    <message>
        <source>{0} users</source>
        <translation>{0} 位用户</translation>
    </message>
    <message>
        <source>Built-in role: read-only. Copy it to make a role of your own.</source>
        <translation>内置角色为只读。复制后可修改为自己的角色。</translation>
    </message>
    <message>
        <source>Held by {0} users.</source>
        <translation>共 {0} 位用户拥有该角色。</translation>
    </message>
    <message>
        <source>Copy role</source>
        <translation>复制角色</translation>
    </message>
    <message>
        <source>Name of the new role:</source>
        <translation>新角色名称：</translation>
    </message>
    <message>
        <source>{0} (copy)</source>
        <translation>{0}（副本）</translation>
    </message>
    <message>
        <source>Changing a role changes what its users may see and do.</source>
        <translation>修改角色会改变其用户可以查看和操作的内容。</translation>
    </message>
    <message>
        <source>Delete the role {0}?</source>
        <translation>删除角色“{0}”？</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Billing clerk</source>
        <translation>计费专员</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <source>Everything, including users, roles, settings and backups.</source>
        <translation>全部权限，包括用户、角色、系统设置和备份。</translation>
    </message>
    <message>
        <source>Customers, subscriptions and reports of their department and the departments below it.</source>
        <translation>本部门及下属部门的客户、订阅和报表。</translation>
    </message>
    <message>
        <source>Their own customers and what belongs to them.</source>
        <translation>本人负责的客户及其相关记录。</translation>
    </message>
    <message>
        <source>Bills, payments and usage for all customers; customer phone numbers masked.</source>
        <translation>全部客户的账单、收款和用量；客户电话脱敏显示。</translation>
    </message>
    <message>
        <source>Reads everything, changes nothing; reads and exports the audit log.</source>
        <translation>可查看全部数据但不能修改；可查看和导出审计日志。</translation>
    </message>
</context>
<context>
    <name>RolesPage</name>
    <message>
        <source>Roles and permissions</source>
        <translation>角色与权限</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Effective access</source>
        <translation>有效权限</translation>
    </message>
</context>
<context>
    <name>SalesTargetsDialog</name>
    <message>
        <source>Sales targets</source>
        <translation>业绩目标</translation>
    </message>
    <message>
        <source>The amount each salesperson should bill in each month (tax included). Double-click a cell to type an amount; an empty cell has no target.</source>
        <translation>每位销售人员每月应完成的开票金额（含税）。双击单元格输入金额；空白表示未设目标。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>The targets of {0} have unsaved changes. Discard them?</source>
        <translation>{0}年的业绩目标有未保存的修改。确定放弃吗？</translation>
    </message>
    <message>
        <source>{0} targets saved.</source>
        <translation>已保存 {0} 项业绩目标。</translation>
    </message>
    <message>
        <source>Some targets are not saved. Close without saving?</source>
        <translation>有业绩目标尚未保存。确定不保存就关闭吗？</translation>
    </message>
</context>
<context>
    <name>SavedFilterBar</name>
    <message>
        <source>Saved filters</source>
        <translation>常用筛选</translation>
    </message>
    <message>
        <source>Save the current filter...</source>
        <translation>保存当前筛选…</translation>
    </message>
    <message>
        <source>Delete the chosen saved filter</source>
        <translation>删除所选的常用筛选</translation>
    </message>
    <message>
        <source>Saved filters...</source>
        <translation>常用筛选…</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>保存筛选</translation>
    </message>
    <message>
        <source>Name of this filter:</source>
        <translation>筛选名称：</translation>
    </message>
    <message>
        <source>Delete saved filter</source>
        <translation>删除常用筛选</translation>
    </message>
    <message>
        <source>Delete the saved filter “{0}”?</source>
        <translation>删除常用筛选“{0}”？</translation>
    </message>
</context>
<context>
    <name>SavedSettingsBar</name>
    <message>
        <source>Saved settings of this report: period and filters</source>
        <translation>本报表的常用筛选：期间和筛选条件</translation>
    </message>
    <message>
        <source>Save the period and filters on screen under a name...</source>
        <translation>将当前的期间和筛选条件命名保存...</translation>
    </message>
    <message>
        <source>Delete the chosen saved settings</source>
        <translation>删除所选的常用筛选</translation>
    </message>
    <message>
        <source>Saved settings...</source>
        <translation>常用筛选...</translation>
    </message>
    <message>
        <source>Save report settings</source>
        <translation>保存常用筛选</translation>
    </message>
    <message>
        <source>Name of these settings (period and filters):</source>
        <translation>常用筛选名称（期间和筛选条件）：</translation>
    </message>
    <message>
        <source>Delete saved settings</source>
        <translation>删除常用筛选</translation>
    </message>
    <message>
        <source>Delete the saved settings “{0}”?</source>
        <translation>确定删除常用筛选“{0}”吗？</translation>
    </message>
</context>
<context>
    <name>ScheduleForm</name>
    <message>
        <source>Automatic backups</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>A backup is made into the folder every few hours, checked, and old ones are removed: the newest of each of the last days, weeks and months is kept. The passphrase is kept in this computer&apos;s secure password store, never in the database.</source>
        <translation>每隔几小时在该文件夹中制作一份备份并进行检查，同时删除旧备份：保留最近若干天、若干周、若干月中每段时间最新的一份。备份口令保存在本机的安全密码库中，绝不存入数据库。</translation>
    </message>
    <message>
        <source>Back up automatically</source>
        <translation>开启自动备份</translation>
    </message>
    <message>
        <source>e.g. D:\Backups or \\nas\benji</source>
        <translation>例如 D:\Backups 或 \\nas\benji</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> 周</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Set passphrase...</source>
        <translation>设置口令…</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Every:</source>
        <translation>间隔：</translation>
    </message>
    <message>
        <source>Keep:</source>
        <translation>保留：</translation>
    </message>
    <message>
        <source>Backup passphrase:</source>
        <translation>备份口令：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Stored on this desktop.</source>
        <translation>已保存在本机。</translation>
    </message>
    <message>
        <source>Not stored on this desktop yet.</source>
        <translation>本机尚未保存。</translation>
    </message>
    <message>
        <source>No automatic backup has been made yet.</source>
        <translation>尚未进行过自动备份。</translation>
    </message>
    <message>
        <source>Last automatic backup: {0}, {1} ({2}, {3} rows).</source>
        <translation>上次自动备份：{0}，{1}（{2}，{3} 行）。</translation>
    </message>
    <message>
        <source>The last automatic backup failed ({0}): {1}</source>
        <translation>上次自动备份失败（{0}）：{1}</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Passphrase of the automatic backups</source>
        <translation>自动备份的口令</translation>
    </message>
    <message>
        <source>New passphrase: stored when you save.</source>
        <translation>新口令：保存设置时存入本机。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <source>Lock after inactivity:</source>
        <translation>无操作自动锁定：</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Changes take effect when Benji CRM starts next time.</source>
        <translation>修改将在下次启动本机CRM 时生效。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Benji CRM set-up</source>
        <translation>本机CRM 初始设置</translation>
    </message>
    <message>
        <source>Setting up the database...</source>
        <translation>正在设置数据库…</translation>
    </message>
</context>
<context>
    <name>StatementRangeDialog</name>
    <message>
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>The statement lists the bills, credit notes and payments of these days, both included, with the opening and closing balance.</source>
        <translation>对账单列出这段日期内（含首尾两天）的账单、红字发票和收款，以及期初和期末余额。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
</context>
<context>
    <name>Subscriptions</name>
    <message>
        <source>Trial</source>
        <translation>试用</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>生效</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>{0} · version {1}</source>
        <translation>{0} · 版本{1}</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} seats</source>
        <translation>{0} · {1} · {2} 个用户</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>开通</translation>
    </message>
    <message>
        <source>Trial ended, active</source>
        <translation>试用结束，已生效</translation>
    </message>
    <message>
        <source>Plan changed</source>
        <translation>变更套餐</translation>
    </message>
    <message>
        <source>Seats changed</source>
        <translation>变更用户数</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>seats {0} → {1}</source>
        <translation>用户数 {0} → {1}</translation>
    </message>
    <message>
        <source>{0} seats</source>
        <translation>{0} 个用户</translation>
    </message>
    <message>
        <source>modules {0}</source>
        <translation>模块 {0}</translation>
    </message>
    <message>
        <source>coupons {0}</source>
        <translation>优惠券 {0}</translation>
    </message>
    <message>
        <source>trial until {0}</source>
        <translation>试用至 {0}</translation>
    </message>
    <message>
        <source>at the end of the period</source>
        <translation>于本期结束时</translation>
    </message>
    <message>
        <source>immediately</source>
        <translation>立即</translation>
    </message>
    <message>
        <source>credit {0}</source>
        <translation>退还 {0}</translation>
    </message>
    <message>
        <source>charge {0}</source>
        <translation>补收 {0}</translation>
    </message>
</context>
<context>
    <name>SubscriptionsPage</name>
    <message>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Customer name or code, or subscription code</source>
        <translation>客户名称或编号，或订阅编号</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All plans</source>
        <translation>全部套餐</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开通日期</translation>
    </message>
    <message>
        <source>Trial end</source>
        <translation>试用结束</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>Billed until</source>
        <translation>已计费至</translation>
    </message>
    <message>
        <source>Billed in advance up to and including this day</source>
        <translation>已预先计费至此日（含当日）</translation>
    </message>
    <message>
        <source>Not billed yet</source>
        <translation>尚未计费</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>The customer of the selected subscription, on its Subscriptions tab (double-click or Enter)</source>
        <translation>打开所选订阅的客户，并显示其“订阅”页（双击或按回车）</translation>
    </message>
    <message>
        <source>Paused from {0}</source>
        <translation>自 {0} 起暂停</translation>
    </message>
    <message>
        <source>Ends on {0}</source>
        <translation>于 {0} 结束</translation>
    </message>
    <message>
        <source>Ended on {0}</source>
        <translation>已于 {0} 结束</translation>
    </message>
    <message>
        <source>{0} subscriptions</source>
        <translation>共 {0} 个订阅</translation>
    </message>
    <message>
        <source>more as you scroll</source>
        <translation>滚动加载更多</translation>
    </message>
</context>
<context>
    <name>SubscriptionsTab</name>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开通日期</translation>
    </message>
    <message>
        <source>Trial end</source>
        <translation>试用结束</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>Next bill</source>
        <translation>下期账单</translation>
    </message>
    <message>
        <source>New subscription...</source>
        <translation>新建订阅…</translation>
    </message>
    <message>
        <source>Change plan...</source>
        <translation>变更套餐…</translation>
    </message>
    <message>
        <source>Change seats...</source>
        <translation>变更用户数…</translation>
    </message>
    <message>
        <source>Pause...</source>
        <translation>暂停…</translation>
    </message>
    <message>
        <source>Resume...</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Cancel...</source>
        <translation>取消订阅…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>变更历史</translation>
    </message>
    <message>
        <source>Next bill: the recurring charges of the coming bill, without usage.</source>
        <translation>下期账单：即将出账的周期性费用，不含用量。</translation>
    </message>
    <message>
        <source>Paused from {0}</source>
        <translation>自 {0} 起暂停</translation>
    </message>
    <message>
        <source>Ends on {0}</source>
        <translation>于 {0} 结束</translation>
    </message>
    <message>
        <source>Ended on {0}</source>
        <translation>已于 {0} 结束</translation>
    </message>
    <message>
        <source>{0}: amount {1}, tax {2}</source>
        <translation>{0}：金额 {1}，税额 {2}</translation>
    </message>
</context>
<context>
    <name>TargetGridModel</name>
    <message>
        <source>Salesperson</source>
        <translation>销售人员</translation>
    </message>
    <message>
        <source>Year total</source>
        <translation>全年合计</translation>
    </message>
</context>
<context>
    <name>ThresholdDialog</name>
    <message>
        <source>Low-balance threshold</source>
        <translation>余额预警线</translation>
    </message>
    <message>
        <source>The wallet is flagged as low below this balance; 0 turns the flag off.</source>
        <translation>钱包余额低于此金额时提示余额不足；填 0 则不提示。</translation>
    </message>
    <message>
        <source>Threshold (CNY)</source>
        <translation>预警线（元）</translation>
    </message>
</context>
<context>
    <name>TierTable</name>
    <message>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <source>Up to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Flat fee</source>
        <translation>固定费</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Leave the last tier&apos;s limit empty: no limit</source>
        <translation>最后一档上限留空表示无上限</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>添加阶梯</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>删除阶梯</translation>
    </message>
    <message>
        <source>Each tier starts where the one before ends; the last has no limit.</source>
        <translation>每档从上一档结束处开始；最后一档无上限。</translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>Top up wallet</source>
        <translation>钱包充值</translation>
    </message>
    <message>
        <source>e.g. 1,000.00</source>
        <translation>例如 1,000.00</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Amount paid (CNY) *</source>
        <translation>实付金额（元）*</translation>
    </message>
    <message>
        <source>Bonus credit</source>
        <translation>赠送金额</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Top up</source>
        <translation>充值</translation>
    </message>
</context>
<context>
    <name>TopUpForm</name>
    <message>
        <source>Customer pays *</source>
        <translation>充值金额 *</translation>
    </message>
    <message>
        <source>Bonus credit</source>
        <translation>赠送金额</translation>
    </message>
    <message>
        <source>never expires</source>
        <translation>永久有效</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Credit valid for</source>
        <translation>有效期</translation>
    </message>
</context>
<context>
    <name>UsageForm</name>
    <message>
        <source>call_seconds, sms, data_mb, or a meter of your own</source>
        <translation>call_seconds、sms、data_mb 或自定义计量项</translation>
    </message>
    <message>
        <source>Meter *</source>
        <translation>计量项 *</translation>
    </message>
    <message>
        <source>Aggregation</source>
        <translation>汇总方式</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Each record is rounded to a multiple of this, e.g. 60 (不足1分钟按1分钟) or 6 seconds; empty: no rounding</source>
        <translation>每条记录取整到该数的倍数，如 60 秒（不足1分钟按1分钟）或 6 秒；留空不取整</translation>
    </message>
    <message>
        <source>to a multiple of</source>
        <translation>取整到</translation>
    </message>
    <message>
        <source>Round each record</source>
        <translation>单条取整</translation>
    </message>
    <message>
        <source>Meter units per billing unit</source>
        <translation>每计费单位的计量数</translation>
    </message>
    <message>
        <source>e.g. 60 seconds per minute, 1024 MB per GB; 1 if the same</source>
        <translation>如每分钟 60 秒、每 GB 1024 MB；相同则填 1</translation>
    </message>
    <message>
        <source>Included per period</source>
        <translation>每期包含量</translation>
    </message>
    <message>
        <source>Free allowance in billing units, e.g. 500 minutes</source>
        <translation>按计费单位计的免费额度，如 500 分钟</translation>
    </message>
    <message>
        <source>Pricing model</source>
        <translation>计价方式</translation>
    </message>
    <message>
        <source>Unit price *</source>
        <translation>单价 *</translation>
    </message>
    <message>
        <source>Units per package *</source>
        <translation>每包数量 *</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>包数取整</translation>
    </message>
    <message>
        <source>Tiers *</source>
        <translation>阶梯 *</translation>
    </message>
    <message>
        <source>Rate (%) *</source>
        <translation>费率(%) *</translation>
    </message>
    <message>
        <source>Fixed fee per transaction</source>
        <translation>每笔固定费</translation>
    </message>
    <message>
        <source>Minimum per transaction</source>
        <translation>每笔最低</translation>
    </message>
    <message>
        <source>Maximum per transaction</source>
        <translation>每笔最高</translation>
    </message>
    <message>
        <source>Price per package *</source>
        <translation>每包价格 *</translation>
    </message>
    <message>
        <source>Tier {0}: {1}</source>
        <translation>第{0}档：{1}</translation>
    </message>
</context>
<context>
    <name>UsageImportDialog</name>
    <message>
        <source>Import usage</source>
        <translation>导入用量</translation>
    </message>
    <message>
        <source>A CSV or Excel (.xlsx) file with the columns subscription (or customer), meter, timestamp with a time zone, quantity and record_id. Every row is checked first; nothing is imported while a row has a problem, and records imported before are skipped.</source>
        <translation>CSV 或 Excel（.xlsx）文件，包含以下列：subscription（订阅编号，或 customer 客户编号）、meter（计量项）、timestamp（带时区的时间）、quantity（数量）和 record_id（记录编号）。导入前先逐行检查；只要有一行有问题就不会导入任何记录，之前已导入的记录会被跳过。</translation>
    </message>
    <message>
        <source>Usage file (.csv or .xlsx)</source>
        <translation>用量文件（.csv 或 .xlsx）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Choose the file, then check it.</source>
        <translation>请选择文件，然后检查。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Save error file...</source>
        <translation>保存错误文件…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Usage files (*.csv *.xlsx)</source>
        <translation>用量文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>Choose a file that exists.</source>
        <translation>请选择一个存在的文件。</translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Checking the file...</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported: {0} new records added; {1} imported before were skipped.</source>
        <translation>已导入：新增 {0} 条记录；跳过之前已导入的 {1} 条。</translation>
    </message>
    <message>
        <source>{0} rows, {1} problems. Nothing will be imported until every row is right: correct the file and check it again.</source>
        <translation>共 {0} 行，{1} 个问题。在每一行都正确之前不会导入任何记录：请修改文件后重新检查。</translation>
    </message>
    <message>
        <source>All {0} records of this file were already imported: there is nothing new to import.</source>
        <translation>此文件的 {0} 条记录均已导入过：没有新的记录需要导入。</translation>
    </message>
    <message>
        <source>The file has no usage records.</source>
        <translation>文件中没有用量记录。</translation>
    </message>
    <message>
        <source>{0} rows are fine: {1} new records, {2} already imported (skipped). Press Import.</source>
        <translation>{0} 行均正确：新记录 {1} 条，已导入过 {2} 条（将跳过）。请点击“导入”。</translation>
    </message>
    <message>
        <source>Save error file</source>
        <translation>保存错误文件</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>已保存到 {0}</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Edit user {0}</source>
        <translation>编辑用户 {0}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Active (may log in)</source>
        <translation>启用（允许登录）</translation>
    </message>
    <message>
        <source>Login name *</source>
        <translation>登录名 *</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>直属上级</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Initial password *</source>
        <translation>初始密码 *</translation>
    </message>
    <message>
        <source>The user must change it at the first log-in.</source>
        <translation>用户首次登录时必须修改。</translation>
    </message>
    <message>
        <source>Changing roles changes what this user may see and do.</source>
        <translation>修改角色会改变该用户可以查看和操作的内容。</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users and departments</source>
        <translation>用户与部门</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>New department</source>
        <translation>新建部门</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Search login or name</source>
        <translation>搜索登录名或姓名</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>直属上级</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Reset password...</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>需修改密码</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Temporary password for {0} (changed at the next log-in):</source>
        <translation>{0} 的临时密码（下次登录时须修改）：</translation>
    </message>
    <message>
        <source>Resetting a password lets someone log in as {0}.</source>
        <translation>重置密码后，知道新密码的人可以用 {0} 的身份登录。</translation>
    </message>
    <message>
        <source>Name of the new department:</source>
        <translation>新部门名称：</translation>
    </message>
    <message>
        <source>Rename department</source>
        <translation>重命名部门</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
</context>
</TS>
