/// Template-mining accuracy against a ground truth, with the Loghub-2.0 definitions:
/// - GA: a message counts when the messages sharing its predicted template are exactly those sharing
///   its true template; FGA: F1 over such correctly grouped templates.
/// - PA: the predicted template equals the true one (whitespace-normalised); FTA: F1 over predicted
///   templates whose messages all carry exactly that true template.
/// Typed placeholders (`<num>`, `<ip>`…) count as `<*>`.
public struct TemplateAccuracy: Sendable, Hashable {
    public var groupingAccuracy: Double
    public var groupingF1: Double
    public var parsingAccuracy: Double
    public var templateF1: Double

    public init(truth: [String], predicted: [String]) {
        precondition(truth.count == predicted.count, "one predicted template per message")
        let truth = truth.map(Self.normalised)
        let predicted = predicted.map(Self.normalised)
        let n = max(truth.count, 1)
        var predictedCount: [String: Int] = [:]
        for p in predicted { predictedCount[p, default: 0] += 1 }
        var byTruth: [String: [Int]] = [:]
        for (i, t) in truth.enumerated() { byTruth[t, default: []].append(i) }

        var correctMessages = 0
        var correctGroups = 0
        for members in byTruth.values {
            let labels = Set(members.map { predicted[$0] })
            if labels.count == 1, predictedCount[labels.first!] == members.count {
                correctMessages += members.count
                correctGroups += 1
            }
        }
        groupingAccuracy = Double(correctMessages) / Double(n)
        groupingF1 = Self.f1(correct: correctGroups, predicted: predictedCount.count, truth: byTruth.count)
        parsingAccuracy = Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(n)

        var truthsOfPrediction: [String: Set<String>] = [:]
        for (t, p) in zip(truth, predicted) { truthsOfPrediction[p, default: []].insert(t) }
        let correctTemplates = truthsOfPrediction.filter { $0.value == [$0.key] }.count
        templateF1 = Self.f1(correct: correctTemplates, predicted: truthsOfPrediction.count, truth: byTruth.count)
    }

    private static func f1(correct: Int, predicted: Int, truth: Int) -> Double {
        let precision = predicted == 0 ? 0 : Double(correct) / Double(predicted)
        let recall = truth == 0 ? 0 : Double(correct) / Double(truth)
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    /// Whitespace collapsed, typed placeholders written `<*>`.
    static func normalised(_ template: String) -> String {
        template.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map { token -> String in
            let bytes = Array(token.utf8)
            let spans = TemplateRecord.placeholderSpans(bytes)
            guard !spans.isEmpty else { return String(token) }
            var out: [UInt8] = []
            var at = 0
            for span in spans {
                out += bytes[at..<span.lowerBound]
                out += Array("<*>".utf8)
                at = span.upperBound
            }
            out += bytes[at...]
            return String(decoding: out, as: UTF8.self)
        }.joined(separator: " ")
    }
}
