using Portal;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();
app.Run();

/// <summary>The entry point, public so that tests can host the real app.</summary>
public partial class Program;
