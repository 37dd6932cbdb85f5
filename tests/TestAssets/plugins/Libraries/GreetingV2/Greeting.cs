namespace Fixture.Greeting;

public static class Greeting
{
    public static string Text() => "greeting v2";
}
