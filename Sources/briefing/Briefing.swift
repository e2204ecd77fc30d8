import ArgumentParser

@main
struct Briefing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "Build static news-briefing sites: briefings, a timeline, events and profiles, all linked.",
        discussion: """
            A site folder holds Content/ (site.yml, briefings/, events/, profiles/, eras.yml, media/) and \
            optionally Templates/ to override the built-in theme. See README.md for the content format.
            """,
        subcommands: [Build.self, Serve.self, Publish.self, Check.self],
        defaultSubcommand: nil
    )
}
