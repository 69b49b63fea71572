import Foundation
import Testing
import WiredTestSupport

@testable import WiredServe

@Suite("dashboard files")
struct DashboardTests {
    @Test("the compiled-in files are the ones under Sources/WiredServe/Dashboard, served at their paths")
    func embedded() throws {
        for file in DashboardFiles.all {
            let path = Fixtures.packageRoot + "/Sources/WiredServe/Dashboard/" + file.file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.trimmingCharacters(in: .newlines) == file.text, "\(file.file)")
        }
    }

    @Test("the script builds no markup from data and no inline handlers")
    func noMarkupFromData() throws {
        let script = try #require(DashboardFiles.all.first { $0.file == "app.js" }?.text)
        for forbidden in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
            #expect(!script.contains(forbidden), "\(forbidden)")
        }
        let page = try #require(DashboardFiles.all.first { $0.file == "index.html" }?.text)
        #expect(!page.contains(" on"), "inline event handler")
    }
}
