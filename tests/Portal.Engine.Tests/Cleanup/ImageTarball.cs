using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>
/// A tiny image in <c>docker save</c> form, made in memory: one layer holding one file of random bytes, a chosen
/// creation time (so a test can have an image "created in 2001"), labels, and a tag or none (a dangling image).
/// The image id is the SHA-256 of its config, as Docker computes it.
/// </summary>
internal sealed class ImageTarball
{
    private ImageTarball(byte[] bytes, string imageId)
    {
        Bytes = bytes;
        ImageId = imageId;
    }

    public byte[] Bytes { get; }

    /// <summary><c>sha256:...</c></summary>
    public string ImageId { get; }

    public static ImageTarball Create(string? tag, DateTimeOffset created, IReadOnlyDictionary<string, string> labels, int payloadBytes)
    {
        var layer = Tar(writer =>
        {
            var payload = RandomNumberGenerator.GetBytes(payloadBytes);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "payload.bin") { DataStream = new MemoryStream(payload) });
        });
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer));
        var time = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = time,
            ["config"] = new Dictionary<string, object> { ["Labels"] = labels, ["Cmd"] = new[] { "/payload.bin" } },
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = new[] { diffId } },
            ["history"] = new[] { new Dictionary<string, object> { ["created"] = time, ["created_by"] = "portal cleanup tests" } },
        });
        var imageId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(config));
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new[]
        {
            new Dictionary<string, object?> { ["Config"] = "config.json", ["RepoTags"] = tag is null ? null : new[] { tag }, ["Layers"] = new[] { "layer/layer.tar" } },
        });
        var image = Tar(writer =>
        {
            Add(writer, "manifest.json", manifest);
            Add(writer, "config.json", config);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "layer/"));
            Add(writer, "layer/layer.tar", layer);
        });
        return new ImageTarball(image, imageId);
    }

    private static byte[] Tar(Action<TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static void Add(TarWriter writer, string name, byte[] content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
}
