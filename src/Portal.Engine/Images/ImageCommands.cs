namespace Portal.Engine.Images;

/// <summary>The <c>docker</c> lines that do by hand what the portal does, shown next to each action so people learn them.</summary>
public static class ImageCommands
{
    public static string Pull(string reference) => $"docker pull {reference}";

    public static string Build(string reference, bool hasContext) =>
        hasContext ? $"docker build --tag {reference} --file Dockerfile ." : $"docker build --tag {reference} - < Dockerfile";

    public static string Commit(string container, string reference) => $"docker commit {container} {reference}";

    public static string Tag(string image, string reference) => $"docker tag {image} {reference}";

    public static string Push(string reference) => $"docker push {reference}";

    public static string Remove(string image) => $"docker rmi {image}";

    public static string History(string image) => $"docker history --no-trunc {image}";
}
