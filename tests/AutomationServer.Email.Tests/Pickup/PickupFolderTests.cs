using AutomationServer.Email.Tests.Support;
using AutomationServer.Sdk.Channels;
using MimeKit;

namespace AutomationServer.Email.Tests.Pickup;

/// <summary>The embedded default: one .eml file per message in the pickup folder.</summary>
public sealed class PickupFolderTests
{
    [Fact]
    public async Task Without_settings_each_message_becomes_one_file_under_data_mail_pickup()
    {
        await using var host = new EmailTestHost(new Dictionary<string, string?>());
        var first = EmailTestHost.Message();
        var second = EmailTestHost.Message(to: "grace@example.test");

        Assert.Equal(SendStatus.Sent, (await host.Channel.SendAsync(first, CancellationToken.None)).Status);
        Assert.Equal(SendStatus.Sent, (await host.Channel.SendAsync(second, CancellationToken.None)).Status);

        var folder = Path.Combine(host.ContentRoot, "data", "mail-pickup");
        Assert.Equal(new[] { $"{first.MessageId:N}.eml", $"{second.MessageId:N}.eml" }.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        var written = MimeMessage.Load(Path.Combine(folder, $"{first.MessageId:N}.eml"));
        Assert.Equal($"{first.MessageId:N}@localhost", written.MessageId);
        Assert.Equal("automation@localhost", written.From.Mailboxes.Single().Address);
        Assert.Equal("ada@example.test", written.To.Mailboxes.Single().Address);
        Assert.IsType<MultipartAlternative>(written.Body);
    }

    [Fact]
    public async Task A_resend_of_the_same_message_replaces_its_file_instead_of_adding_one()
    {
        var folder = Path.Combine(Path.GetTempPath(), "as-pickup-" + Guid.NewGuid().ToString("N"));
        await using var host = new EmailTestHost(new Dictionary<string, string?>
        {
            ["PickupDirectory"] = folder,
            ["Senders:default:From"] = "Acme <hello@acme.test>",
        });
        var id = Guid.NewGuid();

        await host.Channel.SendAsync(EmailTestHost.Message(id: id) with { Subject = "first try" }, CancellationToken.None);
        var resent = await host.Channel.SendAsync(EmailTestHost.Message(id: id) with { Subject = "after a crash", Attempt = 1 }, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, resent.Status);
        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.Equal($"{id:N}.eml", Path.GetFileName(file));
        var written = MimeMessage.Load(file);
        Assert.Equal("after a crash", written.Subject);
        Assert.Equal($"{id:N}@acme.test", written.MessageId);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_is_retried_later()
    {
        await using var host = new EmailTestHost(new Dictionary<string, string?>());
        var blocker = Path.Combine(host.ContentRoot, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the folder should be");
        await using var blocked = new EmailTestHost(new Dictionary<string, string?> { ["PickupDirectory"] = blocker });

        var result = await blocked.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Contains(blocker, result.Error);
    }
}
