using Portal.Accounts;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Quotas;

namespace Portal.Components.Pages.Admin;

/// <summary>One line of the Quotas page: the user, what they hold against their limits (disk from the last accounting pass), and the admin's override if any.</summary>
public sealed record QuotaRow(UserSummary User, UsageReport Usage, QuotaOverride? Override, DiskQuotaStatus? Disk = null);
