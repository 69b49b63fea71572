import WiredCommands

Wired.runMain()
