global using Microsoft.Extensions.Logging;
global using Xunit;
