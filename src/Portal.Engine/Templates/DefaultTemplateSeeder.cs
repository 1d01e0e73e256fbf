using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Engine.Templates;

/// <summary>
/// Gives a portal with no templates the <see cref="DefaultTemplates"/>, through the template service (so the launch
/// policy checks them and the audit log shows them). A list an admin emptied gets them back at the next start.
/// </summary>
internal sealed partial class DefaultTemplateSeeder(ITemplateService templates, ILogger<DefaultTemplateSeeder> logger) : IHostedService
{
    public const string Actor = "system:setup";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var existing = await templates.ListAsync(cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            return;
        }

        foreach (var template in DefaultTemplates.All)
        {
            var result = await templates.CreateAsync(Actor, template, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                // An allow list without portal/* refuses the image; the portal runs on without the template.
                LogSkipped(logger, template.Name ?? "(unnamed)", result.Error!.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The default template '{Name}' was not created: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string name, string reason);
}
