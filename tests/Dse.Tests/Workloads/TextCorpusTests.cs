using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class TextCorpusTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    [Fact]
    public void Fortune_entries_are_split_at_percent_lines()
    {
        var path = Path.Combine(_dir, "f.txt");
        File.WriteAllText(path, "First one.\n\nStill first.\n%\nSecond.\n%  \n%\nThird.\n");
        var samples = TextCorpus.FileSamples(path);
        Assert.Equal(["First one.\n\nStill first.\n", "Second.\n", "Third.\n"], samples.Select(s => s.Text));
        Assert.Equal([1, 5, 8], samples.Select(s => s.Line));
    }

    [Fact]
    public void Plain_text_is_split_into_paragraphs()
    {
        var path = Path.Combine(_dir, "p.txt");
        File.WriteAllText(path, "\nOne\nline two\n\n  \nTwo\n");
        var samples = TextCorpus.FileSamples(path);
        Assert.Equal(["One\nline two\n", "Two\n"], samples.Select(s => s.Text));
        Assert.Equal([2, 6], samples.Select(s => s.Line));
    }

    [Fact]
    public void Words_are_lower_case_letter_and_digit_runs()
    {
        Assert.Equal(["don", "t", "stop", "café", "42nd", "street"], TextCorpus.Words("Don't STOP -- Café, 42nd street!"));
    }

    [Fact]
    public void Folder_documents_are_the_sorted_txt_files()
    {
        File.WriteAllText(Path.Combine(_dir, "b.txt"), "b");
        File.WriteAllText(Path.Combine(_dir, "a.txt"), "a");
        File.WriteAllText(Path.Combine(_dir, "COPYRIGHT"), "c");
        Assert.Equal(["a.txt", "b.txt"], TextCorpus.FolderDocuments(_dir).Select(Path.GetFileName));
    }
}
