import BriefingCore

/// What the preview adds to HTML pages it serves (never to `briefing build` output): the live-reload
/// script and, while the latest build fails, the overlay listing its errors.
enum PageInjection {
    static let overlayID = "briefing-overlay"

    /// Inserts the script (and overlay) before `</body>`, or at the end when there is none.
    static func inject(into html: [UInt8], status: PreviewSite.Status) -> [UInt8] {
        let addition = Array((overlay(status.errors) + script(generation: status.generation)).utf8)
        let closing = Array("</body>".utf8)
        guard let index = lastIndex(of: closing, in: html) else { return html + addition }
        return Array(html[..<index]) + addition + Array(html[index...])
    }

    /// The overlay as served in the page, so it shows even before the script connects.
    static func overlay(_ errors: [String]) -> String {
        guard !errors.isEmpty else { return "" }
        let lines = errors.map { HTML.escape($0) }.joined(separator: "\n")
        return """
            <div id="\(overlayID)" role="alert" style="\(overlayStyle)"><strong>Build failed; showing the last good version.</strong>\
            <pre style="white-space:pre-wrap;margin:.75em 0 0">\(lines)</pre></div>
            """
    }

    static let overlayStyle = """
        position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5em;\
        background:rgba(24,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace
        """

    /// Errors are placed with `textContent`, never as HTML.
    static func script(generation: Int) -> String {
        """
        <script id="briefing-live-reload">(function () {
          var generation = \(generation);
          function show(errors) {
            var box = document.getElementById("\(overlayID)");
            if (!errors.length) { if (box) box.remove(); return; }
            if (!box) {
              box = document.createElement("div");
              box.id = "\(overlayID)";
              box.setAttribute("role", "alert");
              box.setAttribute("style", "\(overlayStyle)");
              document.body.appendChild(box);
            }
            box.textContent = "";
            var title = document.createElement("strong");
            title.textContent = "Build failed; showing the last good version.";
            var list = document.createElement("pre");
            list.setAttribute("style", "white-space:pre-wrap;margin:.75em 0 0");
            list.textContent = errors.join("\\n");
            box.appendChild(title);
            box.appendChild(list);
          }
          var events = new EventSource("\(LiveReload.eventsPath)");
          events.onmessage = function (event) {
            var status = JSON.parse(event.data);
            if (status.errors.length) { show(status.errors); return; }
            if (status.generation !== generation) { location.reload(); return; }
            show([]);
          };
        })();</script>
        """
    }

    private static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = haystack.count - needle.count
        while i >= 0 {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
