# A real MCP client (the `mcp` package from PyPI) driving `logtriage mcp` over stdio: prints what each tool answered, as JSON.
import asyncio, json, sys
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

async def main(binary, db, log):
    params = StdioServerParameters(command=binary, args=["mcp", "--db", db])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            out = {"tools": sorted(t.name for t in tools.tools)}
            scan = await session.call_tool("scan_file", {"path": log})
            out["scan"] = scan.content[0].text.splitlines()[0]
            listed = await session.call_tool("list_issues", {})
            out["issues"] = [i["id"] for i in listed.structured_content["issues"]]
            out["list_text"] = listed.content[0].text.splitlines()[0]
            first = out["issues"][0]
            issue = await session.call_tool("get_issue", {"number": first})
            out["issue_title"] = issue.structured_content["title"]
            out["issue_text_head"] = issue.content[0].text.splitlines()[0]
            status = await session.call_tool("set_status", {"number": first, "status": "investigating"})
            out["status"] = status.content[0].text
            refused = await session.call_tool("set_status", {"number": first, "status": "fixed"})
            out["refused"] = [refused.is_error, refused.content[0].text]
            note = await session.call_tool("add_note", {"number": first, "text": "Checked the gateway timeout setting."})
            out["note"] = note.content[0].text
            explain = await session.call_tool("explain_issue", {"number": first})
            out["explain_head"] = explain.content[0].text.splitlines()[0]
            order = await session.call_tool("investigation_order", {})
            out["order_head"] = order.content[0].text.splitlines()[0]
            missing = await session.call_tool("get_issue", {"number": 999})
            out["missing"] = [missing.is_error, missing.content[0].text]
            print(json.dumps(out))

asyncio.run(main(*sys.argv[1:]))
