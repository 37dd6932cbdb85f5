using System.Text;
using static AutomationServer.Api.Messaging.Tracking.TrackingPage;

namespace AutomationServer.Api.Messaging.Tracking;

/// <summary>The forms of the recipient pages. Each posts to its own URL (the signed token is the only authority), so no action attribute is needed.</summary>
internal static class TrackingForms
{
    public static string ConfirmButton(string label) =>
        $"<form method=\"post\"><button type=\"submit\">{Encode(label)}</button></form>\n";

    public static string Preferences(EmailPreferences preferences)
    {
        var html = new StringBuilder("<form method=\"post\">\n");
        if (preferences.Topics.Count > 0)
        {
            html.Append("<fieldset><legend>Topics I want to hear about</legend>\n");
            var index = 0;
            foreach (var topic in preferences.Topics)
            {
                var id = $"topic-{index++}";
                html.Append($"<label for=\"{id}\"><input type=\"checkbox\" id=\"{id}\" name=\"topic\" value=\"{Encode(topic.Name)}\"{Checked(topic.Subscribed)}> {Encode(topic.Name)}</label>\n");
            }

            html.Append("</fieldset>\n");
        }

        if (preferences.OffersFrequency)
        {
            html.Append("<fieldset><legend>How often</legend>\n");
            foreach (var choice in PreferenceCentre.Frequencies)
            {
                var id = $"frequency-{choice.Value}";
                html.Append($"<label for=\"{id}\"><input type=\"radio\" id=\"{id}\" name=\"frequency\" value=\"{Encode(choice.Value)}\"{Checked(choice.MaxPerWeek == preferences.MaxPerWeek)}> {Encode(choice.Label)}</label>\n");
            }

            html.Append("</fieldset>\n");
        }

        html.Append("<fieldset><legend>Everything</legend>\n")
            .Append($"<label for=\"all\"><input type=\"checkbox\" id=\"all\" name=\"all\" value=\"unsubscribe\"{Checked(preferences.UnsubscribedFromAll)}> Unsubscribe me from all marketing email</label>\n")
            .Append("</fieldset>\n<button type=\"submit\">Save my preferences</button>\n</form>\n");
        return html.ToString();
    }

    private static string Checked(bool value) => value ? " checked" : "";
}
