using PipelineBuild.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
